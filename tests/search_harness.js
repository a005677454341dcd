// Runs the built site's own search (searchtools.js, language_data.js with the
// edition's scorer, searchindex.js) in Node with a minimal DOM stub, and prints
// what the search page would list for each query, in order, as JSON.
//
//   node search_harness.js <built html dir> <query> [<query> ...]
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [outdir, ...queries] = process.argv.slice(2);

const element = () => {
  const el = {
    children: [],
    dataset: {},
    classList: { add: () => {} },
    setAttribute: () => {},
    appendChild: (child) => (el.children.push(child), child),
    removeChild: () => {},
    lastChild: null,
    querySelectorAll: () => [],
  };
  return el;
};

const byId = {};
const context = {
  console,
  setTimeout,
  URLSearchParams,
  location: { search: "" },
  localStorage: { setItem: () => {} },
  document: {
    documentElement: { dataset: { content_root: "" } },
    createElement: element,
    getElementById: (id) => byId[id] || null,
    querySelectorAll: () => [],
    body: element(),
  },
  DOCUMENTATION_OPTIONS: {
    BUILDER: "html",
    FILE_SUFFIX: ".html",
    LINK_SUFFIX: ".html",
    SHOW_SEARCH_SUMMARY: false,
  },
  SPHINX_HIGHLIGHT_ENABLED: false,
  Documentation: { gettext: (s) => s, ngettext: (s, p, n) => (n === 1 ? s : p) },
  _: (s) => s,
  _ready: () => {},
};
context.window = context; // the global object, as in a browser
vm.createContext(context);

for (const file of ["_static/searchtools.js", "_static/language_data.js", "searchindex.js"]) {
  vm.runInContext(fs.readFileSync(path.join(outdir, file), "utf-8"), context, { filename: file });
}

const run = (query) =>
  new Promise((resolve) => {
    const out = element();
    byId["search-results"] = out;
    vm.runInContext("Search.performSearch", context)(query);
    const wait = () => {
      // the page is done when the title says "Search Results"
      const title = out.children[0];
      if (title && title.innerText === "Search Results") {
        const list = out.children[2];
        resolve(
          list.children.map((li) => {
            const link = li.children[0];
            const descr = li.children[1] ? li.children[1].innerHTML : null;
            return {
              href: link.href,
              text: link.innerHTML,
              descr: descr && descr.replace(/^ \(|\)$/g, ""),
              score: Number(link.dataset.score),
            };
          }),
        );
      } else setTimeout(wait, 5);
    };
    wait();
  });

(async () => {
  const results = {};
  for (const query of queries) results[query] = await run(query);
  // searchtools.js' "pulse" timer never stops by itself
  process.stdout.write(JSON.stringify(results), () => process.exit(0));
})();
