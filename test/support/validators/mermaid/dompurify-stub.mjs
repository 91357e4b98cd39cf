// Stands in for DOMPurify when mermaid's parser runs in Node: DOMPurify needs a browser DOM, and
// mermaid's parser only calls it to sanitize label HTML, which a syntax check does not need. The
// labels still go through mermaid's own parser and text handling unchanged.
const DOMPurify = {
  isSupported: false,
  addHook() {},
  removeHook() {},
  removeHooks() {},
  removeAllHooks() {},
  setConfig() {},
  clearConfig() {},
  sanitize: (text) => String(text),
};

export default DOMPurify;
