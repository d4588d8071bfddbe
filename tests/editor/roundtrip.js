// Read YAML files and write them again as Decap CMS does (decap-cms-core's formats/yaml: the `yaml`
// package, version 1, parseDocument with its timestamp tag, then createNode and Document.toString).
// Usage: node roundtrip.js FILE... ; prints {"FILE": "the text Decap CMS would save", ...} as JSON.
"use strict";
const fs = require("fs");
const YAML = require("yaml");

const timestamp = {
  identify: (value) => value instanceof Date,
  default: true,
  tag: "!timestamp",
  test: RegExp("^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2}(\\.[0-9]+)?)Z$"),
  resolve: (text) => new Date(text),
  stringify: (value) => value.toISOString(),
};

function fromFile(text) {
  const doc = YAML.parseDocument(text, { customTags: [timestamp], prettyErrors: true });
  if (doc.errors.length > 0) throw new Error(doc.errors.map((e) => e.message).join("\n"));
  return doc.toJSON();
}

function toFile(data) {
  const doc = new YAML.Document();
  doc.contents = YAML.createNode(data);
  return doc.toString();
}

const out = {};
for (const path of process.argv.slice(2)) {
  out[path] = toFile(fromFile(fs.readFileSync(path, "utf8")));
}
process.stdout.write(JSON.stringify(out));
