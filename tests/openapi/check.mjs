#!/usr/bin/env node
// Checks keel's OpenAPI document, and JSON bodies against its schemas, with validators keel does
// not own:
//   document  the document against the official OpenAPI 3.0 schema
//             (@seriousme/openapi-schema-validator); every "$ref" in it must point at something
//             inside it; every schema of components/schemas must compile with Ajv in strict mode
//             (so a misspelt keyword is an error, not a silently ignored annotation);
//   bodies    each SCHEMA=FILE: the JSON value in FILE (or, for FILE.jsonl or FILE.ndjson, each
//             non-blank line) against components/schemas/SCHEMA, with Ajv 8 and ajv-formats
//             (date-time, date, int32). A schema with a discriminator mapping (ExportLine) checks
//             each value against the schema its property names, so that a problem is reported
//             once, with its path, instead of once per alternative;
//   samples   --samples DIR: every DIR/NAME.LABEL.json against components/schemas/NAME.
// OpenAPI 3.0 schemas are not quite JSON Schema: before Ajv sees them, "nullable" becomes a type
// list (and null joins an enum), a boolean exclusiveMinimum/exclusiveMaximum becomes the number
// form, "$ref"s to #/components/schemas/ point into the converted set, and the OpenAPI-only
// annotations (discriminator, example, xml, externalDocs) are dropped.
// Usage: node check.mjs DOCUMENT [SCHEMA=FILE ...] [--samples DIR]
// Prints one line per problem, "FILE[:LINE]: error PATH: MESSAGE", then a summary. Exits 0 when
// everything is valid, 1 when something is not, 2 on a usage error, a file that cannot be read
// or missing npm packages (run scripts/setup test). Needs no network.

import { readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';

function fail(message) {
  console.error(`check.mjs: ${message}`);
  process.exit(2);
}

async function load(name) {
  try {
    return await import(name);
  } catch {
    fail(`the npm package ${name} is missing; run scripts/setup test (npm ci --prefix tests/openapi)`);
  }
}

function readText(file) {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    fail(`cannot read ${file}: ${error.message}`);
  }
}

function parseJson(text, where) {
  try {
    return JSON.parse(text);
  } catch (error) {
    fail(`${where} is not JSON: ${error.message}`);
  }
}

let problemCount = 0;
function report(where, path, message) {
  ++problemCount;
  console.log(`${where}: error ${path || '/'}: ${message}`);
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

// ---------------------------------------------------------------------------------------------
// The document

function decodePointer(pointer) {
  return pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function resolvePointer(document, reference) {
  if (!reference.startsWith('#/')) return undefined;
  let node = document;
  for (const part of decodePointer(reference.slice(1))) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, part)) return undefined;
    node = node[part];
  }
  return node;
}

// Every "$ref" anywhere in `node`, with the JSON pointer of the object that holds it.
function* references(node, path = '') {
  if (Array.isArray(node)) {
    for (const [index, item] of node.entries()) yield* references(item, `${path}/${index}`);
  } else if (isObject(node)) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') yield { path, reference: value };
      else yield* references(value, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
  }
}

function ajvErrorMessage(error) {
  const params = error.params ?? {};
  if (error.keyword === 'additionalProperty' || params.additionalProperty !== undefined) {
    return { path: `${error.instancePath}/${params.additionalProperty}`, message: 'is not allowed here' };
  }
  if (error.keyword === 'required') {
    return { path: `${error.instancePath}/${params.missingProperty}`, message: 'is missing' };
  }
  if (error.keyword === 'enum') {
    return { path: error.instancePath, message: `must be one of ${JSON.stringify(params.allowedValues)}` };
  }
  return { path: error.instancePath, message: error.message };
}

async function checkDocument(file, document) {
  const { Validator } = await load('@seriousme/openapi-schema-validator');
  const validator = new Validator();
  const result = await validator.validate(document);
  if (!/^3\.0\.\d+$/.test(String(document.openapi))) {
    report(file, '/openapi', `${JSON.stringify(document.openapi)} is not an OpenAPI 3.0 version`);
  }
  if (!result.valid) {
    const errors = Array.isArray(result.errors) ? result.errors : [{ instancePath: '', message: String(result.errors) }];
    for (const error of errors) {
      const { path, message } = ajvErrorMessage(error);
      report(file, path, `${message} (OpenAPI 3.0 schema)`);
    }
  }
  for (const { path, reference } of references(document)) {
    if (resolvePointer(document, reference) === undefined) report(file, path, `$ref "${reference}" points at nothing`);
  }
}

// ---------------------------------------------------------------------------------------------
// OpenAPI 3.0 schema objects as JSON Schema, for Ajv

const kSchemaPrefix = '#/components/schemas/';
const kConvertedId = 'keel-openapi-schemas';
const kDropped = new Set(['discriminator', 'example', 'xml', 'externalDocs']);

function convert(schema) {
  if (!isObject(schema)) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (kDropped.has(key) || key === 'nullable') continue;
    if (key === '$ref') {
      out.$ref = value.startsWith(kSchemaPrefix) ? `${kConvertedId}#/definitions/${value.slice(kSchemaPrefix.length)}` : value;
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(Object.entries(value).map(([name, property]) => [name, convert(property)]));
    } else if (['items', 'additionalProperties', 'not'].includes(key)) {
      out[key] = convert(value);
    } else if (['allOf', 'anyOf', 'oneOf'].includes(key)) {
      out[key] = value.map(convert);
    } else {
      out[key] = value;
    }
  }
  for (const [bound, limit] of [['exclusiveMinimum', 'minimum'], ['exclusiveMaximum', 'maximum']]) {
    if (out[bound] === true) {
      out[bound] = out[limit];
      delete out[limit];
    } else if (out[bound] === false) {
      delete out[bound];
    }
  }
  if (schema.nullable === true) {
    if (out.type !== undefined) out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  }
  return out;
}

async function makeValidators(file, document) {
  const { default: Ajv } = await load('ajv');
  const { default: addFormats } = await load('ajv-formats');
  const ajv = new Ajv({ strict: true, allErrors: true, allowUnionTypes: true });
  addFormats(ajv);
  const schemas = document.components?.schemas ?? {};
  const definitions = Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, convert(schema)]));
  try {
    ajv.addSchema({ $id: kConvertedId, definitions });
  } catch (error) {
    report(file, '/components/schemas', `Ajv refuses the schemas: ${error.message}`);
    return null;
  }
  const validators = new Map();
  for (const name of Object.keys(schemas)) {
    try {
      validators.set(name, ajv.getSchema(`${kConvertedId}#/definitions/${name}`));
    } catch (error) {
      report(file, `/components/schemas/${name}`, `does not compile: ${error.message}`);
    }
  }
  return validators;
}

// ---------------------------------------------------------------------------------------------
// Bodies

let valueCount = 0;

function checkValue(where, value, name, document, validators) {
  ++valueCount;
  const schema = document.components?.schemas?.[name];
  const mapping = schema?.discriminator?.mapping;
  if (mapping) {
    const property = schema.discriminator.propertyName;
    const target = isObject(value) ? mapping[value[property]] : undefined;
    if (target === undefined) {
      report(where, `/${property}`, `${JSON.stringify(value?.[property])} is not one of ${JSON.stringify(Object.keys(mapping))}`);
      return;
    }
    name = target.slice(kSchemaPrefix.length);
  }
  const validate = validators.get(name);
  if (!validate) {
    report(where, '', `there is no schema "${name}" in the document`);
    return;
  }
  if (validate(value)) return;
  for (const error of validate.errors) {
    const { path, message } = ajvErrorMessage(error);
    report(where, path, `${message} [${name}]`);
  }
}

function checkFile(name, file, document, validators) {
  const text = readText(file);
  if (/\.(jsonl|ndjson)$/.test(file)) {
    const lines = text.split('\n');
    lines.forEach((line, index) => {
      if (line.trim() === '') return;
      checkValue(`${file}:${index + 1}`, parseJson(line, `${file}:${index + 1}`), name, document, validators);
    });
  } else {
    checkValue(file, parseJson(text, file), name, document, validators);
  }
}

// ---------------------------------------------------------------------------------------------

const args = process.argv.slice(2);
if (args.length === 0 || args[0].startsWith('-')) {
  fail('usage: node check.mjs DOCUMENT [SCHEMA=FILE ...] [--samples DIR]');
}
const documentFile = args.shift();
const pairs = [];
while (args.length > 0) {
  const arg = args.shift();
  if (arg === '--samples') {
    const directory = args.shift() ?? fail('--samples needs a directory');
    let files;
    try {
      files = readdirSync(directory).filter((file) => file.endsWith('.json')).sort();
    } catch (error) {
      fail(`cannot read ${directory}: ${error.message}`);
    }
    if (files.length === 0) fail(`${directory} holds no samples`);
    for (const file of files) pairs.push({ name: basename(file).split('.')[0], file: join(directory, file) });
  } else {
    const equals = arg.indexOf('=');
    if (equals <= 0) fail(`"${arg}" is not SCHEMA=FILE`);
    pairs.push({ name: arg.slice(0, equals), file: arg.slice(equals + 1) });
  }
}

const document = parseJson(readText(documentFile), documentFile);
if (!isObject(document)) fail(`${documentFile} is not a JSON object`);
await checkDocument(documentFile, document);
const validators = await makeValidators(documentFile, document);
if (validators) {
  for (const { name, file } of pairs) checkFile(name, file, document, validators);
}
console.log(
  `check.mjs: ${problemCount === 0 ? 'valid' : 'INVALID'}: the document and ${valueCount} JSON value(s) checked, ` +
    `${problemCount} problem(s)`,
);
process.exit(problemCount === 0 ? 0 : 1);
