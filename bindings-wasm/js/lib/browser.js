// The loading of a wasm-bindgen `--target web` module in a browser: `init()` once, then calls.

/** `init` (idempotent) and `ready()` for the module's default export `initModule`. */
export function loader(initModule) {
  let ready = false;
  return {
    /** Loads the WebAssembly module (by default from next to the glue; or pass a URL, Response or bytes). */
    async init(moduleOrPath) {
      if (!ready) {
        await initModule(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
        ready = true;
      }
    },
    ready: () => ready,
  };
}
