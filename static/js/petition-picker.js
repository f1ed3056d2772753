// The compile page's petition picker (templates/voters/compile.html). Without this script the search box
// reloads the page with the matching petitions in the select; with it, the petitions found are listed as
// one types (by number, or by words without diacritics) and a click or Enter chooses one into the select.
function petitionPicker(box) {
  const input = box.querySelector("[data-picker-input]");
  const list = box.querySelector("[data-picker-list]");
  const select = box.querySelector("[data-picker-select]");
  let timer = null;
  let results = [];
  let active = -1;
  let asked = 0;  // only the answer to the latest search is shown, whatever order the answers arrive in

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function choose(result) {
    let option = Array.from(select.options).find((o) => o.value === String(result.id));
    if (!option) {
      option = new Option(result.label, result.id);
      select.add(option);
    }
    select.value = String(result.id);
    input.value = result.label;
    close();
    select.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function mark(index) {
    active = index;
    list.querySelectorAll("[role=option]").forEach((li, i) => {
      li.setAttribute("aria-selected", String(i === index));
      if (i === index) input.setAttribute("aria-activedescendant", li.id);
    });
  }

  function show(found) {
    results = found;
    list.replaceChildren();
    if (!found.length) {
      const li = document.createElement("li");
      li.className = "picker-list__empty";
      li.textContent = list.dataset.empty || "—";
      list.append(li);
    }
    found.forEach((result, i) => {
      const li = document.createElement("li");
      li.id = `petition-picker-${result.id}`;
      li.setAttribute("role", "option");
      li.textContent = result.label;
      li.addEventListener("mousedown", (event) => event.preventDefault());  // keep the focus in the box
      li.addEventListener("click", () => choose(result));
      list.append(li);
    });
    list.hidden = false;
    input.setAttribute("aria-expanded", "true");
    mark(found.length ? 0 : -1);
  }

  async function search() {
    const url = new URL(box.dataset.url, window.location.href);
    url.searchParams.set("q", input.value.trim());
    const ticket = ++asked;
    const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
    if (!response.ok) return;
    const found = (await response.json()).results;
    if (ticket === asked) show(found);
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  });
  input.addEventListener("focus", () => { if (!input.value.trim()) search(); });
  input.addEventListener("blur", () => setTimeout(close, 150));
  input.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown" && results.length) {
      event.preventDefault();
      mark(Math.min(active + 1, results.length - 1));
    } else if (event.key === "ArrowUp" && results.length) {
      event.preventDefault();
      mark(Math.max(active - 1, 0));
    } else if (event.key === "Enter") {
      event.preventDefault();  // never reload the page: choose what is marked
      if (active >= 0 && results[active]) choose(results[active]);
    } else if (event.key === "Escape") {
      close();
    }
  });
  const button = box.querySelector("[data-picker-search]");
  if (button) button.style.display = "none";  // the list follows the typing (.button sets a display)
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-petition-picker]").forEach(petitionPicker);
});
