// The network graph: Cytoscape.js over the elements the page carries in #graph's data-elements
// attribute (escaped by the template like any text). No inline script: the page's CSP forbids it.
(function () {
  "use strict";
  var box = document.getElementById("graph");
  if (!box || typeof cytoscape !== "function") { return; }
  var elements = JSON.parse(box.getAttribute("data-elements") || "[]");
  var colours = { ad: "#1f5f8b", phone: "#a4262c", email: "#8a5a00", handle: "#5b2c83",
                  payment: "#1b7a3a", image: "#555555" };
  var cy = cytoscape({
    container: box,
    elements: elements,
    style: [
      { selector: "node", style: { "label": "data(label)", "font-size": 9, "color": "#1d232a",
        "text-valign": "bottom", "text-margin-y": 3, "width": 14, "height": 14,
        "background-color": function (n) { return colours[n.data("kind")] || "#777"; } } },
      { selector: "node[kind = 'ad']", style: { "shape": "round-rectangle", "width": 16, "height": 12 } },
      { selector: "node[kind != 'ad']", style: { "shape": "ellipse", "width": 20, "height": 20 } },
      { selector: "edge", style: { "width": 1.2, "line-color": "#9aa8b5", "curve-style": "haystack" } },
      { selector: "edge[reason = 'template']", style: { "line-style": "dashed", "line-color": "#c07a00" } },
      { selector: "edge.shown", style: { "label": "data(label)", "font-size": 8, "width": 2.5,
        "line-color": "#17324a", "text-background-color": "#fff", "text-background-opacity": 1 } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: function () { return 6000; },
              idealEdgeLength: function () { return 40; }, numIter: 800 }
  });
  var info = document.getElementById("edge-info");
  function explain(edge) {
    cy.edges().removeClass("shown");
    edge.addClass("shown");
    if (info) {
      info.textContent = "ad " + edge.source().data("label") + " — " + edge.target().data("label") +
        ": " + edge.data("reason") + " (" + edge.data("evidence") + ")";
    }
  }
  cy.on("mouseover tap", "edge", function (e) { explain(e.target); });
  cy.on("tap", "node[kind = 'ad']", function (e) { window.location.href = "/ads/" + e.target.data("ad"); });
  box.setAttribute("data-rendered", String(cy.nodes().length));
}());
