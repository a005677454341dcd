// Runs the built resolver page's script (permalink.html with
// _static/edition-resolver.js) in Node with a minimal DOM stub, once per ID
// asked, and prints what the reader gets as JSON: where the browser was sent,
// or the message, the suggested IDs (text and link) and the search link.
//
//   node resolver_harness.js <built html dir> <id> [<id> ...]
"use strict";

const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [outdir, ...asked] = process.argv.slice(2);
const page = fs.readFileSync(path.join(outdir, "permalink.html"), "utf-8");
const data = page.match(/<script type="application\/json" id="ed-resolver-data">(.*?)<\/script>/s)[1];
const search = page.match(/id="ed-resolver-search" href="([^"]*)"/)[1];
const script = fs.readFileSync(path.join(outdir, "_static", "edition-resolver.js"), "utf-8");

const element = (tag) => {
  const el = {
    tag,
    children: [],
    attributes: {},
    textContent: "",
    classList: { add: () => {} },
    appendChild: (child) => (el.children.push(child), child),
    getAttribute: (name) => el.attributes[name],
  };
  return el;
};
const text = (node) =>
  node.children.length ? node.children.map(text).join("") : node.textContent;

const run = (id) => {
  const nodes = {
    "ed-resolver-data": { textContent: data },
    "ed-resolver-status": element("p"),
    "ed-resolver-suggestions": element("ul"),
    "ed-resolver-id": element("input"),
    "ed-resolver-search": Object.assign(element("a"), { attributes: { href: search } }),
  };
  let sentTo = null;
  const context = {
    URLSearchParams,
    window: {
      location: {
        search: `?id=${encodeURIComponent(id)}`,
        replace: (url) => (sentTo = url),
      },
    },
    document: {
      title: "Find a paragraph by its ID",
      getElementById: (name) => nodes[name] || null,
      createElement: element,
      createTextNode: (textContent) => Object.assign(element("#text"), { textContent }),
    },
  };
  vm.runInNewContext(script, context);
  const suggestions = nodes["ed-resolver-suggestions"].children.map((li) => ({
    id: li.children[0].textContent,
    href: li.children[0].href,
  }));
  return {
    sentTo,
    message: text(nodes["ed-resolver-status"]),
    suggestions,
    search: nodes["ed-resolver-search"].href || null,
    title: context.document.title,
    input: nodes["ed-resolver-id"].value,
  };
};

const results = {};
for (const id of asked) results[id] = run(id);
process.stdout.write(JSON.stringify(results));
