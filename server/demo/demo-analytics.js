/* Stand-in for a third-party analytics script, served by the demo host origin.
   The host page includes it as type="text/plain" data-consent="analytics": it
   runs only once the visitor accepted the "analytics" consent type. */
document.body.dataset.analytics = "on";
