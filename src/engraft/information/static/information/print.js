// "Print this page": where JavaScript runs the browser prints the page at once; without it,
// the same link opens the printable version of the page (?print=1).
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-print]");
  if (!link) {
    return;
  }
  event.preventDefault();
  window.print();
});
