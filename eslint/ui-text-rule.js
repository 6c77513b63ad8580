/**
 * `poolwatch/ui-text-in-one-place`: user-facing words of the UI live in src/text/ (see
 * docs/ui-text.md), never in a component. Flags, in .tsx files outside src/text/:
 *  - JSX text with a letter in it (`<h1>Pools</h1>`);
 *  - string literals and template text with a letter that a JSX expression renders directly
 *    (`{busy ? 'Saving…' : 'Save'}`, `{`${n} missing`}`);
 *  - literal values of the attributes people read: title, aria-label, placeholder, alt, aria-description.
 * Data (paths, labels, numbers) and class names are not words: they pass.
 */
const LETTER = /\p{L}/u;
const READ_ATTRIBUTES = new Set(['title', 'aria-label', 'placeholder', 'alt', 'aria-description', 'aria-roledescription']);
/** Nodes a rendered string may pass through on its way into JSX. */
const PASS_THROUGH = new Set(['ConditionalExpression', 'LogicalExpression', 'TemplateLiteral', 'BinaryExpression', 'TSAsExpression', 'ChainExpression']);

function rendered(node) {
  let child = node;
  let parent = node.parent;
  while (parent && PASS_THROUGH.has(parent.type)) {
    // In `a ? b : c` only b and c are rendered; in `a && b` only b.
    if (parent.type === 'ConditionalExpression' && parent.test === child) return null;
    if (parent.type === 'LogicalExpression' && parent.left === child && parent.operator === '&&') return null;
    if (parent.type === 'BinaryExpression' && parent.operator !== '+') return null;
    child = parent;
    parent = parent.parent;
  }
  if (parent?.type !== 'JSXExpressionContainer') return null;
  const holder = parent.parent;
  if (holder?.type === 'JSXAttribute') return READ_ATTRIBUTES.has(holder.name.name) ? 'attribute' : null;
  return 'child';
}

export const uiTextRule = {
  meta: {
    type: 'suggestion',
    docs: { description: 'UI words live in src/text/, not in components' },
    schema: [],
    messages: { words: 'User-facing text "{{text}}" belongs in src/text/ (docs/ui-text.md).' },
  },
  create(context) {
    const report = (node, text) => context.report({ node, messageId: 'words', data: { text: text.trim().slice(0, 40) } });
    return {
      JSXText(node) {
        if (LETTER.test(node.value)) report(node, node.value);
      },
      JSXAttribute(node) {
        if (READ_ATTRIBUTES.has(node.name.name) && node.value?.type === 'Literal' && typeof node.value.value === 'string' && LETTER.test(node.value.value)) report(node, node.value.value);
      },
      Literal(node) {
        if (typeof node.value === 'string' && LETTER.test(node.value) && rendered(node)) report(node, node.value);
      },
      TemplateElement(node) {
        if (LETTER.test(node.value.cooked ?? '') && rendered(node.parent)) report(node, node.value.cooked);
      },
    };
  },
};
