/*
 * The edition's search shim: IDs that Sphinx's own search finds first.
 *
 * Sphinx appends this file (its ``html_search_scorer``) to language_data.js,
 * which the search page loads after searchtools.js, so ``Search`` and
 * ``Scorer`` exist. It adds no index of its own: the IDs are the ``ed``
 * domain's objects in searchindex.js.
 *
 * - An ID-shaped query ("bms6 38", "BMS6-38", "poa ii.18", "POA-II_18") that
 *   names an ID of the index, case and separators aside, is searched as that
 *   ID ("BMS6-38"), so highlighting and the object search see the real ID.
 * - ``Scorer.score`` puts that ID's object first, the parts of it next
 *   ("BMS6-119" before "BMS6-119a"), and keeps Sphinx's score for the rest.
 * - An object result of the ``ed`` domain names its document ("paragraph,
 *   Outcome of the Sixth Biennial Meeting of States (2016), in <page>"), not
 *   only the page it stands on.
 *
 * EDITION_DOCUMENTS (siglum -> document name) is written above this by the
 * build, from the edition's document and witness registry.
 */
"use strict";

(() => {
  if (typeof Search === "undefined" || typeof Scorer === "undefined") return;

  // Browsers refuse fetch() of file:// pages, so from disk Sphinx could not
  // load the pages' summaries (an error per result): results there are links.
  if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined")
    DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;

  // For a result's summary Sphinx looks its anchor up as a CSS selector
  // ("#POA-II.18"), which the dot in an ID breaks (an uncaught error and no
  // summary): escape the anchor first.
  const htmlToText = Search.htmlToText;
  if (htmlToText && typeof CSS !== "undefined" && CSS.escape)
    Search.htmlToText = (html, anchor) =>
      htmlToText(html, anchor && anchor.startsWith("#") ? `#${CSS.escape(anchor.slice(1))}` : anchor);

  const EXACT = 1000; // above anything Sphinx scores (index entries reach 100)
  const PART = 500;

  /** "POA II.18", "poa-ii_18" -> "poa-ii-18": case and separators aside */
  const idKey = (text) =>
    text
      .toLowerCase()
      .split(/[^\p{Letter}\p{Number}]+/u)
      .filter((part) => part)
      .join("-");

  let ids = null; // ID -> its type's name ("paragraph"), for the ed domain's objects
  let byKey = null; // idKey(ID) -> [ID, ...]
  const load = () => {
    if (ids !== null || !Search._index) return;
    ids = new Map();
    byKey = new Map();
    const { objects, objnames } = Search._index;
    for (const [prefix, entries] of Object.entries(objects || {})) {
      for (const entry of entries) {
        const objname = objnames[entry[1]];
        if (!objname || objname[0] !== "ed") continue;
        const id = prefix ? `${prefix}.${entry[4]}` : entry[4];
        ids.set(id, objname[1] === "note" ? "commentary note" : objname[1]);
        const key = idKey(id);
        if (!byKey.has(key)) byKey.set(key, []);
        byKey.get(key).push(id);
      }
    }
  };

  /** the edition ID a query names, or null */
  const idOf = (query) => {
    load();
    const found = byKey && byKey.get(idKey(query || ""));
    if (!found) return null;
    return found.includes(query.trim()) ? query.trim() : found[0];
  };

  let wanted = null; // the ID the current query names
  const query = Search.query;
  Search.query = (text) => {
    wanted = idOf(text);
    return query(wanted || text);
  };

  const documents =
    typeof EDITION_DOCUMENTS === "undefined" ? {} : EDITION_DOCUMENTS;
  const objectSearch = Search.performObjectSearch;
  Search.performObjectSearch = (object, objectTerms) => {
    load();
    const results = objectSearch(object, objectTerms);
    for (const result of results) {
      const id = result[1];
      if (!ids || !ids.has(id)) continue;
      const docname = Search._index.docnames.indexOf(result[0]);
      const page = docname >= 0 ? Search._index.titles[docname] : "";
      const name = documents[id.split("-")[0]];
      result[3] = ids.get(id) + (name ? `, ${name}` : "") + (page ? `, in ${page}` : "");
    }
    return results;
  };

  const score = Scorer.score;
  Scorer.score = (result) => {
    const base = score ? score(result) : result[4];
    const id = result[1];
    if (!wanted || result[6] !== "object" || !ids || !ids.has(id)) return base;
    if (id === wanted) return base + EXACT;
    const rest = id.slice(wanted.length);
    if (id.startsWith(wanted) && /^[.a-z]/.test(rest)) return base + PART;
    return base;
  };
})();
