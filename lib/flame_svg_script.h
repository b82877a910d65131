// The script embedded in the SVG flamegraphs of lib/flame_svg.cc: hover details, click zoom,
// reset, regex search with the matched share. Plain ES5 over the DOM the renderer writes:
//   <g class="f" data-x data-v data-d data-n><title/><rect/><text/></g>
// data-x is the frame's start and data-v its value, both in weight units, data-d its depth
// (root 0), data-n its full name. The root <svg> carries data-total, data-unit, data-width
// (drawable pixels), data-pad (left margin), data-fh (frame height) and data-fontw (average
// character width).
#ifndef IOR_LIB_FLAME_SVG_SCRIPT_H_
#define IOR_LIB_FLAME_SVG_SCRIPT_H_

#include <string_view>

namespace ior::internal {

inline constexpr std::string_view kFlameSvgScript = R"JS(
"use strict";
(function () {
  var svg = document.documentElement;
  var total = parseFloat(svg.getAttribute("data-total"));
  var unit = svg.getAttribute("data-unit");
  var width = parseFloat(svg.getAttribute("data-width"));
  var pad = parseFloat(svg.getAttribute("data-pad"));
  var fontw = parseFloat(svg.getAttribute("data-fontw"));
  var details = document.getElementById("details");
  var matched = document.getElementById("matched");
  var resetBtn = document.getElementById("reset");
  var searchBtn = document.getElementById("search");
  var frames = [];
  var gs = document.getElementsByClassName("f");
  for (var i = 0; i < gs.length; i++) {
    var g = gs[i];
    frames.push({
      g: g, rect: g.getElementsByTagName("rect")[0], text: g.getElementsByTagName("text")[0],
      x: parseFloat(g.getAttribute("data-x")), v: parseFloat(g.getAttribute("data-v")),
      d: parseInt(g.getAttribute("data-d"), 10), n: g.getAttribute("data-n"),
      fill: g.getElementsByTagName("rect")[0].getAttribute("fill")
    });
    g.__frame = frames[frames.length - 1];
  }
  var zoomed = null;
  var term = null;

  function human(v) {
    if (unit === "ns") {
      if (v >= 1e9) return (v / 1e9).toFixed(2) + " s";
      if (v >= 1e6) return (v / 1e6).toFixed(2) + " ms";
      if (v >= 1e3) return (v / 1e3).toFixed(2) + " us";
      return v + " ns";
    }
    if (unit === "bytes") {
      var u = ["B", "KiB", "MiB", "GiB", "TiB"], k = 0;
      while (v >= 1024 && k < u.length - 1) { v /= 1024; k++; }
      return (k ? v.toFixed(2) : v) + " " + u[k];
    }
    return v + " " + unit;
  }
  function share(v) { return total > 0 ? (100 * v / total).toFixed(2) + "%" : "0%"; }
  function label(f, px) {
    var fit = Math.floor((px - 6) / fontw);
    if (fit < 3) return "";
    return f.n.length <= fit ? f.n : f.n.substring(0, fit - 2) + "..";
  }
  function place(f, x, w) {
    f.rect.setAttribute("x", x.toFixed(2));
    f.rect.setAttribute("width", Math.max(w, 0).toFixed(2));
    f.text.setAttribute("x", (x + 3).toFixed(2));
    f.text.textContent = label(f, w);
    f.g.style.display = "";
  }
  // Zooms into frame z (null: the root): z becomes the full width, its ancestors too (as
  // context, faded), its descendants scale with it, everything else is hidden.
  function zoom(z) {
    var x0 = z ? z.x : 0, v0 = z ? z.v : total, d0 = z ? z.d : 0;
    if (v0 <= 0) return;
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      var inside = f.x >= x0 && f.x + f.v <= x0 + v0 + 1e-9;
      if (f.d < d0 && f.x <= x0 && f.x + f.v >= x0 + v0 - 1e-9) {
        place(f, pad, width);
        f.g.setAttribute("opacity", "0.6");
      } else if (f.d >= d0 && inside) {
        place(f, pad + (f.x - x0) / v0 * width, f.v / v0 * width);
        f.g.removeAttribute("opacity");
      } else {
        f.g.style.display = "none";
      }
    }
    zoomed = z && z.d > 0 ? z : null;
    resetBtn.style.opacity = zoomed ? "1" : "0";
  }
  function search(t) {
    var re;
    try { re = new RegExp(t); } catch (e) { matched.textContent = "Bad regex: " + t; return; }
    term = t;
    var spans = [];
    for (var i = 0; i < frames.length; i++) {
      var f = frames[i];
      if (f.d > 0 && re.test(f.n)) {
        f.rect.setAttribute("fill", "rgb(230,0,230)");
        f.g.setAttribute("data-match", "1");
        spans.push([f.x, f.x + f.v]);
      } else {
        f.rect.setAttribute("fill", f.fill);
        f.g.removeAttribute("data-match");
      }
    }
    // The matched share is the union of the matched frames' spans: a match inside another
    // match is not counted twice.
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var sum = 0, end = -1;
    for (var k = 0; k < spans.length; k++) {
      var s = Math.max(spans[k][0], end);
      if (spans[k][1] > s) { sum += spans[k][1] - s; end = spans[k][1]; }
    }
    matched.textContent = "Matched: " + share(sum) + " (" + human(sum) + ")";
    searchBtn.textContent = "Clear search";
  }
  function clearSearch() {
    term = null;
    for (var i = 0; i < frames.length; i++) {
      frames[i].rect.setAttribute("fill", frames[i].fill);
      frames[i].g.removeAttribute("data-match");
    }
    matched.textContent = "";
    searchBtn.textContent = "Search";
  }
  function askSearch() {
    var t = window.prompt("Search frames (regular expression)", term || "");
    if (t) search(t); else clearSearch();
  }
  function frameOf(e) {
    var n = e.target;
    while (n && n !== svg) { if (n.__frame) return n.__frame; n = n.parentNode; }
    return null;
  }
  svg.addEventListener("mouseover", function (e) {
    var f = frameOf(e);
    if (f) details.textContent = f.n + " \u2014 " + human(f.v) + " (" + share(f.v) + ")";
  });
  svg.addEventListener("mouseout", function (e) { if (frameOf(e)) details.textContent = " "; });
  svg.addEventListener("click", function (e) {
    var f = frameOf(e);
    if (f) { zoom(f.d > 0 ? f : null); return; }
    if (e.target === resetBtn) { zoom(null); return; }
    if (e.target === searchBtn) { if (term) clearSearch(); else askSearch(); }
  });
  window.addEventListener("keydown", function (e) {
    if ((e.ctrlKey && e.keyCode === 70) || e.key === "/") { e.preventDefault(); askSearch(); }
    else if (e.key === "Escape") { zoom(null); clearSearch(); }
  });
  // For scripts and tests: the same actions as the buttons.
  window.flamegraph = {
    search: search, clearSearch: clearSearch,
    zoom: function (name) {
      for (var i = 0; i < frames.length; i++) if (frames[i].n === name) { zoom(frames[i]); return true; }
      return false;
    },
    reset: function () { zoom(null); }
  };
  zoom(null);
})();
)JS";

}  // namespace ior::internal

#endif  // IOR_LIB_FLAME_SVG_SCRIPT_H_
