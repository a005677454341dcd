/*
 * The ID resolver (permalink.html?id=BMS6-38): sends the browser to the
 * paragraph, section or note with that ID, or says plainly that there is
 * none and which IDs come nearest. Works from disk and from a server: the
 * map of IDs to pages is in the page itself (#ed-resolver-data), written by
 * the build from the `ed` domain (resolver.py); nothing is fetched.
 */
"use strict";

(() => {
  const dataNode = document.getElementById("ed-resolver-data");
  if (!dataNode) return;
  const { ids, aliases } = JSON.parse(dataNode.textContent);
  const asked = (new URLSearchParams(window.location.search).get("id") || "").trim();
  const input = document.getElementById("ed-resolver-id");
  if (input) input.value = asked;
  if (!asked) return; // the page explains itself

  const found = Object.prototype.hasOwnProperty.call(ids, asked)
    ? asked
    : Object.prototype.hasOwnProperty.call(aliases, asked)
      ? aliases[asked]
      : null;
  if (found) {
    window.location.replace(ids[found][0]);
    return;
  }

  // Not an ID. Which IDs did the reader mean?
  const key = (text) =>
    text
      .toLowerCase()
      .split(/[^\p{Letter}\p{Number}]+/u)
      .filter((part) => part)
      .join("-");
  const distance = (a, b) => {
    let row = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const next = [i];
      for (let j = 1; j <= b.length; j++)
        next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      row = next;
    }
    return row[b.length];
  };
  const askedKey = key(asked);
  const siglum = askedKey.split("-")[0];
  const all = Object.keys(ids);
  // the same ID but for case and separators ("bms6-38", "BMS6 38", "POA II.18")
  const same = all.filter((id) => key(id) === askedKey);
  const near = same.length
    ? same
    : all
        .map((id) => [distance(askedKey, key(id)), key(id).split("-")[0] === siglum ? 0 : 1, id])
        .filter(([d]) => d <= Math.max(2, Math.floor(askedKey.length / 3)))
        .sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1))
        .slice(0, 5)
        .map(([, , id]) => id);

  const status = document.getElementById("ed-resolver-status");
  status.textContent = "";
  const strong = status.appendChild(document.createElement("strong"));
  strong.textContent = `No paragraph, section or note has the ID “${asked}”.`;
  status.appendChild(
    document.createTextNode(
      same.length
        ? " IDs are written exactly, capitals and hyphen included: did you mean this one?"
        : near.length
          ? " The nearest IDs are:"
          : " No ID comes near it.",
    ),
  );
  status.classList.add("ed-resolver-unknown");
  const search = document.getElementById("ed-resolver-search");
  if (search) search.href = `${search.getAttribute("href")}?q=${encodeURIComponent(asked)}`;
  const list = document.getElementById("ed-resolver-suggestions");
  for (const id of near) {
    const item = list.appendChild(document.createElement("li"));
    const link = item.appendChild(document.createElement("a"));
    link.href = ids[id][0];
    link.textContent = id;
    item.appendChild(document.createTextNode(` (${ids[id][1]})`));
  }
  document.title = `Unknown ID “${asked}” — ${document.title}`;
})();
