// Small progressive enhancements; every page works without them.
const CALENDAR_ICON = '<svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" fill="none" '
  + 'stroke="currentColor" stroke-width="2"><rect x="3" y="5" width="18" height="16" rx="2"/>'
  + '<path d="M3 10h18M8 3v4M16 3v4"/></svg>';

// A dd/mm/yyyy box (coordination.date_inputs.DayInput) gets a button opening the vendored date picker, which
// writes the day picked into the box. The box stays a plain text box: what is typed is never rewritten
// (flatpickr's own typing would turn 31/02 into 03/03, or empty the box), the server reads and checks it.
function addDatePicker(input) {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button button--secondary date-box__pick";
  button.title = input.dataset.datepicker;
  button.setAttribute("aria-label", input.dataset.datepicker);
  button.innerHTML = CALENDAR_ICON;
  const box = document.createElement("span");
  box.className = "date-box";
  input.replaceWith(box);
  box.append(input, button);
  window.flatpickr(button, {
    dateFormat: "d/m/Y",
    locale: document.documentElement.lang.startsWith("vi") ? "vn" : "default",
    animate: false,
    disableMobile: true,  // a phone's own picker would follow the phone's language, not dd/mm/yyyy
    positionElement: input,
    onOpen: (days, text, picker) => picker.setDate(input.value.trim() || null, false),
    onChange: (days, text) => { input.value = text; input.focus(); },
  });
  button.type = "button";  // flatpickr makes its element type="text", which would make the button submit the form
}

// A refused form's error summary (templates/includes/error_summary.html) takes the focus, so a screen reader reads
// it first; each of its links puts the focus in its field's box and shows the box's label above it.
function focusErrorSummary(root) {
  const summary = root.querySelector("[data-error-summary]");
  if (!summary) return;
  // a box's autofocus (the next entry after a save) would take the focus back from the summary
  document.querySelectorAll("[autofocus]").forEach((box) => box.removeAttribute("autofocus"));
  summary.focus();
}
document.addEventListener("click", (event) => {
  const link = event.target.closest("[data-error-link]");
  if (!link) return;
  const box = document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!box) return;
  event.preventDefault();
  const label = box.id && document.querySelector(`label[for="${CSS.escape(box.id)}"]`);
  (label || box).scrollIntoView({block: "start"});
  box.focus({preventScroll: true});
});
document.addEventListener("htmx:afterSettle", (event) => focusErrorSummary(event.target));

// A table or chart wider than its box scrolls inside it; the keyboard scrolls it once it can take the focus.
function markScrollable() {
  document.querySelectorAll(".table-wrap, .chart-scroll").forEach((box) => {
    if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
    else box.removeAttribute("tabindex");
  });
}
window.addEventListener("resize", markScrollable);
document.addEventListener("htmx:afterSettle", markScrollable);

document.addEventListener("DOMContentLoaded", () => {
  focusErrorSummary(document);
  markScrollable();
  document.querySelectorAll("[data-menu-toggle]").forEach((button) => {
    button.addEventListener("click", () => {
      const open = button.closest(".site-header").classList.toggle("menu-open");
      button.setAttribute("aria-expanded", String(open));
    });
  });
  // Folded filters are open on a wide screen, where they cost no room; a phone shows its figures first.
  if (window.matchMedia("(min-width: 701px)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach((details) => { details.open = true; });
  }
  if (window.flatpickr) document.querySelectorAll("input[data-datepicker]").forEach(addDatePicker);
  document.querySelectorAll("select[data-autosubmit]").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(button.dataset.copy);
        button.dataset.copied = "true";
        const original = button.textContent;
        button.textContent = button.dataset.copiedLabel || "✓";
        setTimeout(() => { button.textContent = original; delete button.dataset.copied; }, 1500);
      } catch (error) {
        window.prompt(button.dataset.copiedLabel || "", button.dataset.copy);
      }
    });
  });
});
