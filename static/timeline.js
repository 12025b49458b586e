// Chronicle: filter the events of a timeline view by actor and by words.
// Progressive enhancement only: without this script every event is listed, and
// the year, month and actor pages are the filters. The form is built here, so a
// reader without JavaScript never sees controls that do nothing.
(function () {
  "use strict";
  var root = document.querySelector("[data-filter]");
  if (!root || !("hidden" in root)) return;
  var items = Array.prototype.slice.call(root.querySelectorAll("li.event"));
  if (items.length < 2) return;

  // Actors, with their names from the chips and how many events name them.
  var actors = {};
  items.forEach(function (item) {
    item.querySelectorAll(".chip").forEach(function (chip) {
      var match = /\/actors\/([^/]+)\/$/.exec(chip.getAttribute("href") || "");
      if (!match) return;
      var id = match[1];
      actors[id] = actors[id] || { name: chip.textContent.trim(), count: 0 };
      actors[id].count += 1;
    });
  });
  var ids = Object.keys(actors).sort(function (a, b) {
    return actors[b].count - actors[a].count || actors[a].name.localeCompare(actors[b].name);
  });

  function field(id, label, control) {
    var wrap = document.createElement("div");
    var text = document.createElement("label");
    text.htmlFor = id;
    text.textContent = label;
    control.id = id;
    wrap.append(text, control);
    return wrap;
  }
  var form = document.createElement("form");
  form.className = "filter";
  form.setAttribute("role", "search");
  form.setAttribute("aria-label", "Filter the events on this page");
  var words = document.createElement("input");
  words.type = "search";
  words.autocomplete = "off";
  var select = document.createElement("select");
  select.add(new Option("All actors", ""));
  ids.forEach(function (id) {
    select.add(new Option(actors[id].name + " (" + actors[id].count + ")", id));
  });
  var status = document.createElement("p");
  status.className = "meta filter-status";
  status.setAttribute("role", "status");
  form.append(field("filter-words", "Words", words), field("filter-actor", "Actor", select), status);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  root.parentNode.insertBefore(form, root);

  var params = new URLSearchParams(window.location.search);
  words.value = params.get("q") || "";
  if (actors[params.get("actor")]) select.value = params.get("actor");

  function apply() {
    var text = words.value.trim().toLowerCase();
    var actor = select.value;
    var shown = 0;
    items.forEach(function (item) {
      var ok = (!actor || (item.getAttribute("data-actors") || "").split(" ").indexOf(actor) >= 0) &&
        (!text || item.textContent.toLowerCase().indexOf(text) >= 0);
      item.hidden = !ok;
      if (ok) shown += 1;
    });
    root.querySelectorAll("section").forEach(function (section) {
      section.hidden = !section.querySelector("li.event:not([hidden])");
    });
    status.textContent = shown === items.length
      ? items.length + " events"
      : shown + " of " + items.length + " events shown";
    var query = new URLSearchParams();
    if (text) query.set("q", words.value.trim());
    if (actor) query.set("actor", actor);
    var search = query.toString();
    window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
  }
  words.addEventListener("input", apply);
  select.addEventListener("change", apply);
  apply();
})();
