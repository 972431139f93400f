// Helpers shared by the audit's browser checks (checks/scripts.py installs them with the check scripts).
const KCG = (() => {
  const TABBABLE = [
    "a[href]", "area[href]", "button", "input:not([type=hidden])", "select", "textarea", "summary",
    "iframe", "[tabindex]", "[contenteditable]:not([contenteditable=false])", "audio[controls]",
    "video[controls]",
  ].join(",");

  // A selector that finds the element again: nearest id, then tag:nth-of-type steps. Inside a shadow tree the
  // host's selector comes first, joined with " >>> " (axe's notation).
  function cssPath(el) {
    const steps = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      if (node.id && /^[A-Za-z][\w-]*$/.test(node.id)) { steps.push("#" + node.id); break; }
      const parent = node.parentElement || node.parentNode;
      const tag = node.localName;
      if (!parent || parent.nodeType !== 1 && !parent.host) { steps.push(tag); break; }
      const same = [...parent.children].filter((c) => c.localName === tag);
      steps.push(same.length === 1 ? tag : `${tag}:nth-of-type(${same.indexOf(node) + 1})`);
      if (parent.nodeType !== 1) break; // a shadow root: its children are the top of this tree
    }
    const path = steps.reverse().join(" > ");
    const root = el.getRootNode();
    return root && root.host ? `${cssPath(root.host)} >>> ${path}` : path;
  }

  // Markup for the report; long containers are cut after their start tag.
  function html(el, limit = 400) {
    const outer = el.outerHTML.replace(/\s+/g, " ");
    if (outer.length <= limit) return outer;
    const start = outer.slice(0, outer.indexOf(">") + 1);
    return (start.length < limit ? start + outer.slice(start.length, limit - 1) : start.slice(0, limit - 1)) + "…";
  }

  function visible(el) {
    return el.checkVisibility({ checkVisibilityCSS: true }) && el.getClientRects().length > 0;
  }

  // Elements a keyboard user reaches with Tab.
  function tabbables() {
    return [...document.querySelectorAll(TABBABLE)].filter((el) =>
      el.tabIndex >= 0 && !el.disabled && !el.closest("[inert]") && visible(el));
  }

  function finding(check, el, message) {
    return { check, selector: el ? cssPath(el) : "html", html: el ? html(el) : "", message };
  }

  // Stops CSS transitions/animations so computed styles show the end state immediately.
  function freezeMotion() {
    const style = document.createElement("style");
    style.textContent = "*,*::before,*::after{transition:none!important;animation:none!important;" +
      "scroll-behavior:auto!important}";
    document.head.appendChild(style);
    return () => style.remove();
  }

  // axe-core as it was when the audit's scripts were installed (AXE is set by the installer, checks/scripts.py),
  // so a page that reassigns window.axe cannot swap it.
  function axe() {
    if (!AXE || typeof AXE.run !== "function") throw new Error("axe-core is not loaded in this page");
    return AXE;
  }

  return { cssPath, html, visible, tabbables, finding, freezeMotion, axe };
})();
