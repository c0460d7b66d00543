// Conditional questions on the consultation form: a question that matters only after a certain
// answer (the best times to call, after "phone"; the referring clinician, after "yes") stays
// hidden until that answer is chosen. Without this script every question shows, labelled
// "(if …)" and optional, and the server ignores answers to questions that did not apply.
(function () {
  "use strict";
  var form = document.getElementById("consultation-form");
  if (!form) return;
  var blocks = Array.prototype.slice.call(form.querySelectorAll("[data-shown-when]"));

  function rule(block) {
    var parts = block.getAttribute("data-shown-when").split("=");
    return { name: parts[0], value: parts[1] };
  }

  function update() {
    blocks.forEach(function (block) {
      var wanted = rule(block);
      var chosen = form.querySelector('input[name="' + wanted.name + '"]:checked');
      // A question with an error message always shows, whatever is chosen above it.
      var show = (chosen && chosen.value === wanted.value) || block.querySelector(".field-error");
      block.hidden = !show;
    });
  }

  blocks.forEach(function (block) {
    var inputs = form.querySelectorAll('input[name="' + rule(block).name + '"]');
    Array.prototype.forEach.call(inputs, function (input) {
      input.setAttribute("aria-controls", block.id);
    });
  });
  form.addEventListener("change", update);
  update();
})();
