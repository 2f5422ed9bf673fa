"use strict";
// The playground: the explorer's page with the compiler and the checker
// built to WebAssembly, so that no server is needed. The WebAssembly runs in
// a worker (worker.js), which answers the explorer's API as its server
// does; this file routes the page's calls there and drives the model editor
// and the Check and Stop buttons.
(function () {
  const $ = id => document.getElementById(id);
  let worker, ready, pending, nextId = 1, loaded;
  // startWorker loads the WebAssembly in a new worker.
  function startWorker() {
    loaded = performance.now();
    pending = new Map();
    worker = new Worker("worker.js");
    ready = new Promise((resolve, reject) => {
      worker.onmessage = e => {
        const m = e.data;
        if (m.ready) { resolve(); return; }
        if (m.failed) { reject(new Error(m.failed)); return; }
        const done = pending.get(m.id);
        pending.delete(m.id);
        if (done) done(new Response(m.body, {status: m.status, headers: {"Content-Type": m.type}}));
      };
      worker.onerror = e => reject(new Error(e.message));
    });
    ready.catch(e => { $("timing").textContent = "The checker did not load: " + e.message; });
  }
  const pg = window.playground = {
    // fetch answers a call of the API like window.fetch.
    fetch: async (path, opt) => {
      await ready;
      return new Promise(done => {
        const id = nextId++;
        pending.set(id, done);
        worker.postMessage({id, method: (opt && opt.method) || "GET", path, body: (opt && opt.body) || ""});
      });
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
  // show puts a check's report on the page.
  function show(rep) {
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
  }
  // stopped, while a check runs, ends it: the worker is ended and a new one
  // loaded, which has no model until the next Check.
  let stopped = null;
  async function check() {
    const name = ($("library").value || "model") + ".ilv";
    $("check").disabled = true;
    $("stop").hidden = false;
    $("timing").textContent = "Checking…";
    const t0 = performance.now();
    const stop = new Promise(resolve => { stopped = resolve; });
    const r = await Promise.race([stop,
      pg.fetch("api/check?name=" + encodeURIComponent(name), {method: "POST", body: $("text").value})]);
    const ms = Math.round(performance.now() - t0);
    stopped = null;
    $("check").disabled = false;
    $("stop").hidden = true;
    if (!r) {
      show({errors: "Stopped after " + ms + " ms, before the verdicts."});
      $("timing").textContent = "Stopped";
      document.body.classList.remove("checked");
      return;
    }
    const rep = r.ok ? await r.json() : {errors: await r.text()};
    $("timing").textContent = "Checked in " + ms + " ms";
    $("timing").dataset.ms = ms;
    show(rep);
    if (!rep.errors) {
      document.body.classList.add("checked");
      document.title = "interleave playground: " + rep.model;
      if (pg.checked) pg.checked();
    }
  }
  function stop() {
    if (!stopped) return;
    worker.terminate();
    startWorker();
    stopped(null);
  }
  startWorker();
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
    $("stop").onclick = stop;
    $("check").disabled = false;
    $("timing").textContent = "Ready (loaded in " + Math.round(performance.now() - loaded) + " ms)";
  });
})();
