"use strict";
// The playground's worker: it runs interleave.wasm (the compiler, the
// checker and the explorer's API) off the page's thread, so that the page
// stays responsive during a check and a long check can be stopped by ending
// the worker. It answers each message {id, method, path, body} with
// {id, status, type, body}, and says {ready: true} once loaded.
importScripts("wasm_exec.js");
(async () => {
  const go = new Go();
  let inst;
  try {
    inst = (await WebAssembly.instantiateStreaming(fetch("interleave.wasm"), go.importObject)).instance;
  } catch (e) {
    // A host that serves .wasm with another content type.
    const bytes = await (await fetch("interleave.wasm")).arrayBuffer();
    inst = (await WebAssembly.instantiate(bytes, go.importObject)).instance;
  }
  go.run(inst);
  postMessage({ready: true});
})().catch(e => postMessage({failed: String(e)}));
onmessage = async e => {
  const {id, method, path, body} = e.data;
  const o = await globalThis.interleaveServe(method, path, body);
  postMessage({id, status: o.status, type: o.type, body: o.body});
};
