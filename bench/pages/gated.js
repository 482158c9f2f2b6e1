/* The consent-gated host script of every bench page ("analytics"): records
   when it ran, in the page's performance.now() clock. */
window.__benchGated = performance.now();
