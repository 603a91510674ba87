// opdcrawl dashboard: submit a filter as soon as it changes (the button stays for
// browsers without scripts). Nothing else: the pages work without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form.filters select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
});
