// An admin page left open returns to the sign-in page by itself once the server has ended the
// idle session (STAFF_SESSION_IDLE_MINUTES), so a screen left unattended stops showing
// patients' details. Two minutes before, it warns. Only a page load keeps a session alive on the
// server, so typing does not reset these clocks. Without JavaScript the server's limit still holds.
(function () {
  "use strict";
  var script = document.currentScript;
  var seconds = Number(script.getAttribute("data-idle-seconds"));
  var signIn = script.getAttribute("data-sign-in-url");
  if (!seconds || !signIn) {
    return;
  }
  var warnAfter = Math.max(seconds - 120, seconds * 0.8);

  function warn() {
    var content = document.getElementById("content") || document.body;
    var list = document.createElement("ul");
    list.className = "messagelist";
    var item = document.createElement("li");
    item.className = "warning";
    item.setAttribute("role", "alert");
    item.textContent =
      "You will be signed out soon because this page has been idle. Save what you are writing now.";
    list.appendChild(item);
    content.insertBefore(list, content.firstChild);
  }

  function signOut() {
    var here = window.location.pathname + window.location.search;
    window.location.assign(signIn + "?next=" + encodeURIComponent(here));
  }

  window.setTimeout(warn, warnAfter * 1000);
  window.setTimeout(signOut, seconds * 1000 + 1000);
})();
