// Small progressive enhancements; every page works without them.
document.addEventListener("DOMContentLoaded", () => {
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
