"use strict";
// The playground: the explorer's page with the compiler and the checker
// built to WebAssembly and run in the page, so that no server is needed.
// interleave.wasm sets interleaveServe(method, path, body), which answers
// the explorer's API as its server does; this file routes the page's calls
// there and drives the model editor and the Check button.
(function () {
  const $ = id => document.getElementById(id);
  const loaded = performance.now();
  const ready = (async () => {
    const go = new Go();
    const res = fetch("interleave.wasm");
    let inst;
    try {
      inst = (await WebAssembly.instantiateStreaming(res, go.importObject)).instance;
    } catch (e) {
      // A host that serves .wasm with another content type.
      const bytes = await (await fetch("interleave.wasm")).arrayBuffer();
      inst = (await WebAssembly.instantiate(bytes, go.importObject)).instance;
    }
    go.run(inst);
  })();
  const pg = window.playground = {
    // fetch answers a call of the API like window.fetch.
    fetch: async (path, opt) => {
      await ready;
      const o = await globalThis.interleaveServe((opt && opt.method) || "GET", path, (opt && opt.body) || "");
      return new Response(o.body, {status: o.status, headers: {"Content-Type": o.type}});
    },
    // checked is set by the page: it shows the model just checked.
    checked: null,
  };
  function item(c) {
    const li = document.createElement("li");
    li.className = c.verdict;
    li.textContent = c.name + ": " + c.verdict + (c.verdict !== "holds" && c.message ? " — " + c.message : "");
    return li;
  }
  async function check() {
    const button = $("check"), name = ($("library").value || "model") + ".ilv";
    button.disabled = true;
    $("timing").textContent = "Checking…";
    // Let the page show it before the checker takes the thread.
    await new Promise(r => setTimeout(r, 0));
    const t0 = performance.now();
    const r = await pg.fetch("api/check?name=" + encodeURIComponent(name), {method: "POST", body: $("text").value});
    const rep = r.ok ? await r.json() : {errors: await r.text()};
    const ms = Math.round(performance.now() - t0);
    button.disabled = false;
    $("timing").textContent = "Checked in " + ms + " ms";
    $("timing").dataset.ms = ms;
    $("errors").hidden = !rep.errors;
    $("errors").textContent = rep.errors || "";
    $("verdicts").replaceChildren(...(rep.checks || []).map(item));
    $("report").hidden = !rep.text;
    $("report").textContent = rep.text || "";
    const d = $("diagrams");
    d.replaceChildren();
    for (const g of rep.diagrams || []) {
      const fig = document.createElement("figure");
      const cap = document.createElement("figcaption");
      cap.textContent = "Counterexample of " + g.check;
      fig.append(cap);
      // The SVG is made by the checker's own report, its texts escaped.
      fig.insertAdjacentHTML("beforeend", g.svg);
      d.append(fig);
    }
    if (!rep.errors) {
      document.body.classList.add("checked");
      document.title = "interleave playground: " + rep.model;
      if (pg.checked) pg.checked();
    }
  }
  document.body.classList.add("pg");
  window.addEventListener("DOMContentLoaded", async () => {
    const r = await pg.fetch("api/models");
    const models = await r.json(), sel = $("library");
    for (const m of models) {
      const o = document.createElement("option");
      o.value = m.name;
      o.textContent = m.name + " — " + m.description;
      sel.append(o);
    }
    const pick = () => { $("text").value = models.find(m => m.name === sel.value).source; };
    const want = new URLSearchParams(location.search).get("model") || "peterson";
    if (models.some(m => m.name === want)) sel.value = want;
    pick();
    sel.onchange = pick;
    $("check").onclick = check;
    $("check").disabled = false;
    $("timing").textContent = "Ready (loaded in " + Math.round(performance.now() - loaded) + " ms)";
  });
})();
