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

  // The texts under the results come from EDITION_SEARCH_TEXT (written by the
  // build, loaded by the search page: see outputs/searchtext.py), from disk as
  // from a server. Sphinx's own would fetch() each page (refused for file://
  // pages) and take the theme's buttons with its text: it is switched off.
  const TEXT = typeof EDITION_SEARCH_TEXT === "undefined" ? null : EDITION_SEARCH_TEXT;
  if (typeof DOCUMENTATION_OPTIONS !== "undefined" &&
      (TEXT || window.location.protocol === "file:"))
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
  let docOf = null; // ID -> the index of its page in the search index
  const load = () => {
    if (ids !== null || !Search._index) return;
    ids = new Map();
    docOf = new Map();
    byKey = new Map();
    const { objects, objnames } = Search._index;
    for (const [prefix, entries] of Object.entries(objects || {})) {
      for (const entry of entries) {
        const objname = objnames[entry[1]];
        if (!objname || objname[0] !== "ed") continue;
        const id = prefix ? `${prefix}.${entry[4]}` : entry[4];
        ids.set(id, objname[1] === "note" ? "commentary note" : objname[1]);
        docOf.set(id, entry[0]);
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
  /** "paragraph, Outcome of the Sixth ... (2016), in <page>" */
  const describe = (id, docIndex) => {
    const page = docIndex >= 0 ? Search._index.titles[docIndex] : "";
    const name = documents[id.split("-")[0]];
    return ids.get(id) + (name ? `, ${name}` : "") + (page ? `, in ${page}` : "");
  };

  const objectSearch = Search.performObjectSearch;
  Search.performObjectSearch = (object, objectTerms) => {
    load();
    const results = objectSearch(object, objectTerms);
    for (const result of results) {
      const id = result[1];
      if (!ids || !ids.has(id)) continue;
      result[3] = describe(id, Search._index.docnames.indexOf(result[0]));
    }
    return results;
  };

  // A query that names a paragraph's words finds the paragraph (and not only
  // its page): every ID whose text has each (stemmed) word of the query is a
  // result of its own, ranked above the pages.
  const WORDS = 20; // above a page that has the words (Sphinx: 5 a word, 15 in a title)
  const MAX_WORDS = 60;
  const termsSearch = Search.performTermsSearch;
  Search.performTermsSearch = (searchTerms, excludedTerms) => {
    const results = termsSearch(searchTerms, excludedTerms);
    load();
    // (a query that names an ID has its object result already)
    if (wanted || !TEXT || !ids || !searchTerms || searchTerms.size === 0) return results;
    const terms = [...searchTerms].map((t) => t.toLowerCase());
    const excluded = [...(excludedTerms || [])].map((t) => t.toLowerCase());
    const found = [];
    for (const [id, [, , words]] of Object.entries(TEXT.ids)) {
      if (!ids.has(id) || !docOf.has(id)) continue;
      const text = words.toLowerCase();
      if (!terms.every((t) => text.includes(t)) || excluded.some((t) => text.includes(t))) continue;
      const doc = docOf.get(id);
      found.push([Search._index.docnames[doc], id, `#${id}`, describe(id, doc), WORDS,
                  Search._index.filenames[doc], "object"]);
      if (found.length >= MAX_WORDS) break;
    }
    return results.concat(found);
  };

  // Under each result, its text: an ID's summary or wording; a page's own
  // text around the first word of the query, the words marked.
  const snippet = (text, words) => {
    const lower = text.toLowerCase();
    const at = words.map((w) => lower.indexOf(w)).filter((i) => i > -1).sort((a, b) => a - b)[0];
    const start = at === undefined ? 0 : Math.max(at - 100, 0);
    const cut = text.substr(start, 240).trim();
    return (start > 0 ? "…" : "") + cut + (start + 240 < text.length ? "…" : "");
  };
  const mark = (el, text, words) => {
    const found = words.filter((w) => w.length > 1);
    if (!found.length) { el.textContent = text; return; }
    const re = new RegExp(`(${found.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`, "gi");
    text.split(re).forEach((part, n) => {
      if (n % 2) {
        const span = el.appendChild(document.createElement("span"));
        span.className = "highlighted";
        span.textContent = part;
      } else if (part) el.appendChild(document.createTextNode(part));
    });
  };
  const words = () => {
    const q = new URLSearchParams(window.location.search).get("q") || "";
    const w = (wanted ? [wanted] : q.split(/\s+/)).map((x) => x.toLowerCase()).filter((x) => x);
    return w.filter((x) => typeof stopwords === "undefined" || !stopwords.has(x));
  };
  const annotate = (item) => {
    if (!TEXT || item.querySelector("p.context")) return;
    const link = item.querySelector("a");
    if (!link) return;
    const [path, anchor] = (link.getAttribute("href") || "").split("#");
    const docname = path.replace(/\.html$/, "").replace(/\/$/, "/index");
    let text = "";
    const entry = anchor && TEXT.ids[decodeURIComponent(anchor)];
    if (entry) text = entry[1];
    else if (TEXT.pages[docname] !== undefined) text = snippet(TEXT.pages[docname], words());
    if (!text) return;
    const p = item.appendChild(document.createElement("p"));
    p.className = "context";
    mark(p, entry ? snippet(text, []) : text, words());
  };
  const watch = () => {
    const out = document.getElementById("search-results");
    if (!out || typeof MutationObserver === "undefined") return;
    new MutationObserver((changes) => {
      for (const change of changes)
        for (const node of change.addedNodes)
          if (node.nodeType === 1 && node.matches("ul.search > li")) annotate(node);
          else if (node.nodeType === 1) node.querySelectorAll?.("ul.search > li").forEach(annotate);
    }).observe(out, { childList: true, subtree: true });
    out.querySelectorAll("ul.search > li").forEach(annotate); // listed before this ran
  };
  if (typeof document === "undefined") return;
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();

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
