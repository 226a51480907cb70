// The explorer's main plot, loss chart and network picture: plain ES module for anywidget, no build step.
// Python sends `frame` {layers, mini, maps (base64 uint8), weights, biases, loss, plot, points} and `palette`;
// clicking a node sets `selected` ("l:j", again to clear); clicking a link shows its weight in an
// input, and Enter (or "set") sends {type: "edit", layer, row, col, value}.
const SVG = "http://www.w3.org/2000/svg";
const NODE = 34, GAP = 12, COL = 120, LEFT = 64, TOP = 26;

function svg(tag, attrs, parent) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function decode(b64) {
  const s = atob(b64), out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function rgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

function render({ model, el }) {
  el.classList.add("dlnotes-network");
  el.dataset.frames = "0";
  const head = document.createElement("div");
  head.style.cssText = "font:12px sans-serif;color:#333;margin:4px 0";
  head.textContent = "The network: click a neuron to see its map in the main plot (click again to go back); "
    + "click a link to see and edit its weight. Blue > 0, red < 0; a link's width grows with |w|.";
  const root = svg("svg", { class: "dlnotes-network-svg" });
  root.style.cssText = "display:block;user-select:none";
  const editor = document.createElement("div");
  editor.className = "dlnotes-weight-editor";
  editor.style.cssText = "font:13px monospace;min-height:26px;margin-top:4px";
  const chart = svg("svg", { class: "dlnotes-loss-chart", width: 260, height: 90 });
  chart.style.cssText = "display:block;font:11px sans-serif";
  const PW = 330, PH = 320, PL = 34, PT = 20, PS = 290;  // the main plot: a PS x PS square
  const plot = svg("svg", { class: "dlnotes-main-plot", width: PW, height: PH });
  plot.style.cssText = "display:block;font:11px sans-serif";
  const plotImage = svg("image", { x: PL, y: PT, width: PS, height: PS, preserveAspectRatio: "none",
    opacity: 0.75 }, plot);
  svg("rect", { x: PL, y: PT, width: PS, height: PS, fill: "none", stroke: "#888" }, plot);
  const plotPoints = svg("g", {}, plot), plotText = svg("g", {}, plot);
  const plotCanvas = document.createElement("canvas");
  let pointsKey = "";
  const top = document.createElement("div");
  top.style.cssText = "display:flex;gap:16px;align-items:flex-start";
  const side = document.createElement("div");
  side.append(chart);
  top.append(plot, side);
  el.append(top, head, root, editor);
  const canvas = document.createElement("canvas");
  let shape = "", nodes = [], links = [], chosen = null;

  function nodeXY(l, j, sizes) {
    const tallest = Math.max(...sizes);
    const offset = ((tallest - sizes[l]) * (NODE + GAP)) / 2;
    return [LEFT + l * COL, TOP + offset + j * (NODE + GAP)];
  }

  function build(frame) {
    root.replaceChildren();
    const sizes = frame.layers.map((names) => names.length);
    const tallest = Math.max(...sizes);
    root.setAttribute("width", LEFT + (sizes.length - 1) * COL + NODE + 40);
    root.setAttribute("height", TOP + tallest * (NODE + GAP) + 6);
    const linkLayer = svg("g", {}, root), nodeLayer = svg("g", {}, root);
    links = [];
    for (let l = 1; l < sizes.length; l++) {
      for (let r = 0; r < sizes[l]; r++) {
        for (let c = 0; c < sizes[l - 1]; c++) {
          const [x0, y0] = nodeXY(l - 1, c, sizes), [x1, y1] = nodeXY(l, r, sizes);
          const a = [x0 + NODE, y0 + NODE / 2], b = [x1, y1 + NODE / 2], m = (a[0] + b[0]) / 2;
          const d = `M${a[0]},${a[1]} C${m},${a[1]} ${m},${b[1]} ${b[0]},${b[1]}`;
          const g = svg("g", { class: "dlnotes-link", "data-link": `${l}:${r}:${c}` }, linkLayer);
          const line = svg("path", { d, fill: "none" }, g);
          const hit = svg("path", { d, fill: "none", stroke: "transparent", "stroke-width": 9 }, g);
          hit.style.cursor = "pointer";
          const title = svg("title", {}, g);
          g.addEventListener("click", () => choose(l, r, c));
          links.push({ l, r, c, line, title });
        }
      }
    }
    nodes = [];
    sizes.forEach((n, l) => {
      for (let j = 0; j < n; j++) {
        const [x, y] = nodeXY(l, j, sizes);
        const g = svg("g", { class: "dlnotes-node", "data-node": `${l}:${j}` }, nodeLayer);
        g.style.cursor = "pointer";
        const image = svg("image", { x, y, width: NODE, height: NODE, preserveAspectRatio: "none" }, g);
        const frameRect = svg("rect", { x, y, width: NODE, height: NODE, fill: "none" }, g);
        if (frame.layers[l][j]) {
          const t = svg("text", { x: l === 0 ? x - 4 : x + NODE + 4, y: y + NODE / 2 + 4,
            "text-anchor": l === 0 ? "end" : "start", "font-size": 11, "font-family": "sans-serif" }, g);
          t.textContent = frame.layers[l][j];
        }
        g.addEventListener("click", () => {
          const id = `${l}:${j}`;
          model.set("selected", model.get("selected") === id ? "" : id);
          model.save_changes();
        });
        nodes.push({ id: `${l}:${j}`, image, frameRect });
      }
    });
  }

  function choose(l, r, c) {
    chosen = { l, r, c };
    showEditor();
  }

  function showEditor() {
    const frame = model.get("frame");
    if (!chosen || !frame.weights || !frame.weights[chosen.l - 1]
        || !frame.weights[chosen.l - 1][chosen.r] || frame.weights[chosen.l - 1][chosen.r][chosen.c] === undefined) {
      editor.replaceChildren();
      chosen = null;
      return;
    }
    const { l, r, c } = chosen, w = frame.weights[l - 1][r][c];
    const label = document.createElement("span");
    label.textContent = `W[${l}][${r + 1}, ${c + 1}] = `;
    const input = document.createElement("input");
    input.className = "dlnotes-weight-input";
    input.type = "text";
    input.size = 10;
    input.value = String(w);
    const button = document.createElement("button");
    button.textContent = "set";
    const note = document.createElement("span");
    note.className = "dlnotes-weight-note";
    note.style.marginLeft = "8px";
    const send = () => {
      const value = Number(input.value);
      if (input.value.trim() === "" || !Number.isFinite(value)) {
        note.textContent = `a weight must be a finite number, got "${input.value}"`;
        note.style.color = "#b2182b";
        return;
      }
      model.send({ type: "edit", layer: l, row: r, col: c, value });
      note.textContent = "sent";
      note.style.color = "#333";
    };
    input.addEventListener("keydown", (e) => { if (e.key === "Enter") send(); });
    button.addEventListener("click", send);
    editor.replaceChildren(label, input, button, note);
  }

  function drawChart(loss) {
    chart.replaceChildren();
    const W = 260, H = 90, L = 36, B = 16, T = 12;
    const t = svg("text", { x: L, y: 10 }, chart);
    t.textContent = "loss: train (dark), dev (light)";
    if (!loss || loss.iterations.length < 1) return;
    const its = loss.iterations, all = loss.train.concat(loss.dev);
    const x1 = Math.max(1, its[its.length - 1]), lo = Math.min(...all), hi = Math.max(...all);
    const span = hi - lo || 1;
    const px = (i) => L + ((W - L - 6) * its[i]) / x1, py = (v) => T + (H - B - T) * (1 - (v - lo) / span);
    svg("rect", { x: L, y: T, width: W - L - 6, height: H - B - T, fill: "none", stroke: "#ccc" }, chart);
    for (const [v, y] of [[hi, T + 4], [lo, H - B]]) {
      const label = svg("text", { x: L - 3, y, "text-anchor": "end" }, chart);
      label.textContent = v.toPrecision(3);
    }
    const end = svg("text", { x: W - 6, y: H - 3, "text-anchor": "end" }, chart);
    end.textContent = `epoch ${its[its.length - 1]}`;
    [["train", "#2166ac"], ["dev", "#92c5de"]].forEach(([key, colour]) => {
      const pts = loss[key].map((v, i) => `${px(i).toFixed(1)},${py(v).toFixed(1)}`).join(" ");
      svg("polyline", { points: pts, fill: "none", stroke: colour, "stroke-width": 1.5 }, chart);
    });
  }

  function drawPlot(p, pts, palette) {
    if (!p) return;
    const k = p.res, bytes = decode(p.image);
    plotCanvas.width = k;
    plotCanvas.height = k;
    const ctx = plotCanvas.getContext("2d"), img = ctx.createImageData(k, k);
    for (let y = 0; y < k; y++) {
      for (let x = 0; x < k; x++) {
        const src = (k - 1 - y) * k + x, dst = 4 * (y * k + x);  // row 0 of the data is the bottom
        const c = p.kind === "rgb" ? [bytes[3 * src], bytes[3 * src + 1], bytes[3 * src + 2]] : palette[bytes[src]];
        img.data[dst] = c[0]; img.data[dst + 1] = c[1]; img.data[dst + 2] = c[2]; img.data[dst + 3] = 255;
      }
    }
    ctx.putImageData(img, 0, 0);
    plotImage.setAttribute("href", plotCanvas.toDataURL());
    const [x0, x1, y0, y1] = p.extent;
    const px = (x) => PL + (PS * (x - x0)) / (x1 - x0), py = (y) => PT + PS * (1 - (y - y0) / (y1 - y0));
    const key = JSON.stringify([pts, p.extent]);
    if (key !== pointsKey) {
      pointsKey = key;
      plotPoints.replaceChildren();
      for (const [a, b, colour] of pts.train) {
        svg("circle", { cx: px(a).toFixed(1), cy: py(b).toFixed(1), r: 3, fill: colour, stroke: "white",
          "stroke-width": 0.6 }, plotPoints);
      }
      for (const [a, b, colour] of pts.dev) {
        svg("rect", { x: (px(a) - 3).toFixed(1), y: (py(b) - 3).toFixed(1), width: 6, height: 6, fill: colour,
          stroke: "black", "stroke-width": 0.7 }, plotPoints);
      }
    }
    plotText.replaceChildren();
    const label = (x, y, text, anchor) => {
      const t = svg("text", { x, y, "text-anchor": anchor }, plotText);
      t.textContent = text;
    };
    label(PL, 13, p.title, "start");
    label(PL, PT + PS + 13, x0.toFixed(1), "start");
    label(PL + PS, PT + PS + 13, x1.toFixed(1), "end");
    label(PL + PS / 2, PT + PS + 13, "x1", "middle");
    label(PL - 3, PT + PS, y0.toFixed(1), "end");
    label(PL - 3, PT + 10, y1.toFixed(1), "end");
    label(PL - 3, PT + PS / 2, "x2", "end");
  }

  function paint() {
    const frame = model.get("frame"), palette = (model.get("palette") || []).map(rgb);
    if (!frame || !frame.layers || palette.length !== 256) return;
    const key = JSON.stringify(frame.layers);
    if (key !== shape) {
      shape = key;
      build(frame);
      if (chosen) showEditor();
    }
    const k = frame.mini, bytes = decode(frame.maps);
    canvas.width = k;
    canvas.height = k;
    const ctx = canvas.getContext("2d"), img = ctx.createImageData(k, k);
    nodes.forEach((node, n) => {
      for (let y = 0; y < k; y++) {
        for (let x = 0; x < k; x++) {
          const [R, G, B] = palette[bytes[n * k * k + (k - 1 - y) * k + x]];  // row 0 is the bottom
          const p = 4 * (y * k + x);
          img.data[p] = R; img.data[p + 1] = G; img.data[p + 2] = B; img.data[p + 3] = 255;
        }
      }
      ctx.putImageData(img, 0, 0);
      node.image.setAttribute("href", canvas.toDataURL());
      const on = node.id === model.get("selected");
      node.frameRect.setAttribute("stroke", on ? "#111" : "#999");
      node.frameRect.setAttribute("stroke-width", on ? 3 : 1);
    });
    const blue = palette[235], red = palette[20];
    for (const link of links) {
      const w = frame.weights[link.l - 1][link.r][link.c];
      const [R, G, B] = w >= 0 ? blue : red;
      link.line.setAttribute("stroke", `rgb(${R},${G},${B})`);
      link.line.setAttribute("stroke-width", Math.min(8, 0.4 + 2.2 * Math.abs(w)).toFixed(2));
      link.line.setAttribute("stroke-opacity", Math.min(1, 0.35 + 0.4 * Math.abs(w)).toFixed(2));
      link.title.textContent = `W[${link.l}][${link.r + 1}, ${link.c + 1}] = ${w}`;
    }
    drawChart(frame.loss);
    drawPlot(frame.plot, frame.points || { train: [], dev: [] }, palette);
    if (chosen && document.activeElement?.className !== "dlnotes-weight-input") showEditor();
    el.dataset.frames = String(Number(el.dataset.frames) + 1);
  }

  model.on("change:frame", paint);
  model.on("change:selected", paint);
  model.on("change:palette", paint);
  paint();
}

export default { render };
