// plansite 自定义的 JSON Schema 格式 · custom formats of plansite's JSON Schemas
// 用法 usage: ajv validate --spec=draft2020 -c ./schemas/json/formats.cjs -s 模式 -d 文件
module.exports = function (ajv) {
  ajv.addFormat("markdown", true); // Markdown 文本（不渲染原始 HTML）· Markdown text (raw HTML is not rendered)
  return ajv;
};
