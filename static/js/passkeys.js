// Passkeys (WebAuthn) for staff, in two places (clinic_site/passkeys.py, clinic_site/admin_site.py):
// - the sign-in page: "Use a passkey instead of a code" gets a challenge from the server, lets the
//   browser sign it with a passkey, and sends the answer in the sign-in form itself, so the server
//   checks the password and the passkey together in one POST;
// - "Your passkeys": "Add a passkey" makes one and sends it in the page's form.
// The server's JSON carries binary values as base64url, which the WebAuthn API wants as bytes.
// Without JavaScript or WebAuthn the sign-in page works with the code, and nothing here shows.
(function () {
  "use strict";
  var script = document.currentScript;
  var optionsUrl = script.getAttribute("data-options-url");

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    var binary = window.atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i += 1) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i += 1) {
      binary += String.fromCharCode(bytes[i]);
    }
    return window.btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function described(credentials) {
    return (credentials || []).map(function (credential) {
      return { type: credential.type, id: toBytes(credential.id), transports: credential.transports };
    });
  }

  // A fresh challenge from the server, kept in this browser's session until the form is sent.
  function challenge(form) {
    var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    return window
      .fetch(optionsUrl, {
        method: "POST",
        headers: { "X-CSRFToken": token },
        credentials: "same-origin",
        redirect: "error",
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("no challenge");
        }
        return response.json();
      });
  }

  function say(text) {
    document.getElementById("passkey-status").textContent = text;
  }

  function refused(error) {
    // The person closed the browser's window, or waited too long: nothing went to the server.
    if (error && error.name === "NotAllowedError") {
      return "No passkey was used. Try again when you are ready.";
    }
    return "The passkey did not work in this browser just now. Reload the page and try again.";
  }

  function signIn(form, button) {
    button.addEventListener("click", function () {
      if (!form.reportValidity()) {
        return; // the user name and the password come first
      }
      button.disabled = true;
      say("Waiting for your passkey…");
      challenge(form)
        .then(function (options) {
          return navigator.credentials.get({
            publicKey: {
              challenge: toBytes(options.challenge),
              rpId: options.rpId,
              timeout: options.timeout,
              userVerification: options.userVerification,
              allowCredentials: described(options.allowCredentials),
            },
          });
        })
        .then(function (credential) {
          var response = credential.response;
          form.elements.passkey.value = JSON.stringify({
            id: credential.id,
            rawId: toText(credential.rawId),
            type: credential.type,
            authenticatorAttachment: credential.authenticatorAttachment || null,
            clientExtensionResults: credential.getClientExtensionResults(),
            response: {
              clientDataJSON: toText(response.clientDataJSON),
              authenticatorData: toText(response.authenticatorData),
              signature: toText(response.signature),
              userHandle: response.userHandle ? toText(response.userHandle) : null,
            },
          });
          form.elements.otp_token.value = "";
          say("Signing in…");
          form.submit();
        })
        .catch(function (error) {
          button.disabled = false;
          say(refused(error) + " Or type the code from your authenticator app.");
        });
    });
  }

  function add(form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault(); // form.submit() below sends it, with the new passkey

      var button = form.querySelector("input[type=submit]");
      button.disabled = true;
      say("Follow your browser's steps to make the passkey…");
      challenge(form)
        .then(function (options) {
          var user = options.user;
          return navigator.credentials.create({
            publicKey: {
              challenge: toBytes(options.challenge),
              rp: options.rp,
              user: { id: toBytes(user.id), name: user.name, displayName: user.displayName },
              pubKeyCredParams: options.pubKeyCredParams,
              timeout: options.timeout,
              excludeCredentials: described(options.excludeCredentials),
              authenticatorSelection: options.authenticatorSelection,
              attestation: options.attestation,
              extensions: options.extensions,
            },
          });
        })
        .then(function (credential) {
          var response = credential.response;
          form.elements.credential.value = JSON.stringify({
            id: credential.id,
            rawId: toText(credential.rawId),
            type: credential.type,
            authenticatorAttachment: credential.authenticatorAttachment || null,
            clientExtensionResults: credential.getClientExtensionResults(),
            response: {
              clientDataJSON: toText(response.clientDataJSON),
              attestationObject: toText(response.attestationObject),
              transports: response.getTransports ? response.getTransports() : [],
            },
          });
          say("Saving the passkey…");
          form.submit();
        })
        .catch(function (error) {
          button.disabled = false;
          // A passkey this device already holds for this account is refused by the browser.
          if (error && error.name === "InvalidStateError") {
            say("This device already has one of your passkeys.");
          } else {
            say(refused(error));
          }
        });
    });
  }

  if (!optionsUrl || !window.PublicKeyCredential || !navigator.credentials) {
    return; // no WebAuthn here: the code still works, and the page says adding needs it
  }
  var signInForm = document.getElementById("login-form");
  var addForm = document.getElementById("passkey-add-form");
  if (signInForm && document.getElementById("passkey-sign-in")) {
    signInForm.elements.passkey.value = "";
    document.getElementById("passkey-sign-in").hidden = false;
    signIn(signInForm, document.getElementById("passkey-sign-in-button"));
  } else if (addForm) {
    addForm.elements.credential.value = "";
    addForm.hidden = false;
    document.getElementById("passkey-unavailable").hidden = true;
    add(addForm);
  }
})();
