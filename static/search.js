// Chronicle: the search page, on Pagefind's index (pagefind/, made by the build).
// Without JavaScript, or without the index, the page says so and points to the
// timeline, actors and articles, which hold everything the index does.
const input = document.getElementById("q");
const form = input.form;
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const LIMIT = 20;

let pagefind = null;
try {
  const bundle = new URL("../pagefind/", import.meta.url);
  pagefind = await import(new URL("pagefind.js", bundle).href);
  await pagefind.options({ excerptLength: 24 });
  // A large site's index comes in shards: pagefind/shards.json lists the others.
  const shards = await fetch(new URL("shards.json", bundle)).then((r) => (r.ok ? r.json() : []));
  for (const shard of shards) {
    await pagefind.mergeIndex(new URL(shard, bundle).pathname, { excerptLength: 24 });
  }
} catch (error) {
  status.textContent =
    "Search is not available on this copy of the site. Browse the timeline, the actors and the articles instead.";
}

let latest = 0;
async function run(query) {
  const ticket = ++latest;
  const url = query ? "?q=" + encodeURIComponent(query) : window.location.pathname;
  window.history.replaceState(null, "", url);
  if (!pagefind) return;
  if (!query) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  const search = await pagefind.debouncedSearch(query, {}, 150);
  if (search === null || ticket !== latest) return; // a newer query replaced this one
  const results = await Promise.all(search.results.slice(0, LIMIT).map((r) => r.data()));
  if (ticket !== latest) return;
  list.replaceChildren(
    ...results.map((data) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = data.url;
      const meta = data.meta || {};
      link.textContent = meta.title || data.url;
      item.append(link);
      // What the page is and, for an article, its date: a wire story's
      // headline recurs day after day, and the date tells them apart.
      const about = [meta.kind, meta.date].filter(Boolean).join(" · ");
      if (about) {
        const line = document.createElement("p");
        line.className = "meta";
        line.textContent = about;
        item.append(line);
      }
      const excerpt = document.createElement("p");
      excerpt.className = "excerpt";
      excerpt.innerHTML = data.excerpt; // Pagefind's excerpt: escaped page text with <mark>
      item.append(excerpt);
      return item;
    }),
  );
  const total = search.results.length;
  status.textContent =
    total === 0
      ? `No page matches “${query}”.`
      : `${total} page${total === 1 ? "" : "s"} match “${query}”` +
        (total > LIMIT ? `; the first ${LIMIT} are shown.` : ".");
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run(input.value.trim());
});
input.addEventListener("input", () => run(input.value.trim()));
const initial = new URLSearchParams(window.location.search).get("q");
if (initial) {
  input.value = initial;
  run(initial.trim());
}
