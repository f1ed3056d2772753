// A regulation's page: chapters fold (<details>), the table of contents opens the chapter it jumps to,
// "Mở tất cả / Thu gọn tất cả" unfold or fold them all, and on a phone the contents fold above the text.
document.addEventListener("DOMContentLoaded", () => {
  const chapters = Array.from(document.querySelectorAll("details.chapter"));
  const reveal = (target) => {
    for (let node = target; node; node = node.parentElement) {
      if (node.tagName === "DETAILS") node.open = true;
    }
  };
  const targetOf = (hash) => {
    if (!hash || hash.length < 2) return null;
    return document.getElementById(decodeURIComponent(hash.slice(1)));
  };
  const jump = (hash, push) => {
    const target = targetOf(hash);
    if (!target) return false;
    reveal(target);
    if (push) history.pushState(null, "", hash);
    target.scrollIntoView({ block: "start" });
    return true;
  };

  const controls = document.querySelector("[data-chapter-controls]");
  if (controls && chapters.length) {
    controls.hidden = false;
    controls.querySelectorAll("[data-chapters]").forEach((button) => {
      button.addEventListener("click", () => {
        const open = button.dataset.chapters === "open";
        chapters.forEach((chapter) => { chapter.open = open; });
      });
    });
  }

  const fold = document.querySelector("[data-toc-fold]");
  const phone = window.matchMedia("(max-width: 1023px)");
  const layOut = () => { if (fold) fold.open = !phone.matches; };
  layOut();
  phone.addEventListener("change", layOut);

  document.querySelectorAll("[data-toc] a[href^='#']").forEach((link) => {
    link.addEventListener("click", (event) => {
      if (jump(link.getAttribute("href"), true)) {
        event.preventDefault();
        if (fold && phone.matches) fold.open = false;
      }
    });
  });
  window.addEventListener("hashchange", () => jump(window.location.hash, false));
  if (window.location.hash) jump(window.location.hash, false);
});
