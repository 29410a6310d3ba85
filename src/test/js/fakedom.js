// A very small DOM for running tglogin.js in Node.js without npm packages: elements, attributes, text, the
// selectors tglogin.js uses (tag, [attr], [attr="value"]), events with bubbling, focus, and a parser for the
// well-formed markup of the default login page. Not a browser: just enough to drive the script's own code.
'use strict';

const VOID = new Set(['meta', 'link', 'input', 'img', 'br', 'hr']);

class Text {
	constructor(text) {
		this.nodeType = 3;
		this.data = text;
		this.parentNode = null;
	}

	get textContent() {
		return this.data;
	}
}

class Element {
	constructor(doc, tag) {
		this.nodeType = 1;
		this.ownerDocument = doc;
		this.tagName = tag.toUpperCase();
		this.attrs = new Map();
		this.childNodes = [];
		this.parentNode = null;
		this.listeners = {};
		this.value = '';
		this.disabled = false;
		this.readOnly = false;
		const element = this;
		this.classList = {
			toggle(name, on) {
				const names = new Set((element.getAttribute('class') || '').split(/\s+/).filter(Boolean));
				if (on) {
					names.add(name);
				}
				else {
					names.delete(name);
				}
				element.setAttribute('class', Array.from(names).join(' '));
			},
			contains(name) {
				return (element.getAttribute('class') || '').split(/\s+/).includes(name);
			},
		};
	}

	get id() {
		return this.getAttribute('id') || '';
	}

	set id(value) {
		this.setAttribute('id', value);
	}

	get hidden() {
		return this.attrs.has('hidden');
	}

	set hidden(value) {
		if (value) {
			this.setAttribute('hidden', '');
		}
		else {
			this.removeAttribute('hidden');
		}
	}

	get children() {
		return this.childNodes.filter((node) => node.nodeType === 1);
	}

	get firstChild() {
		return this.childNodes[0] || null;
	}

	get textContent() {
		return this.childNodes.map((node) => node.textContent).join('');
	}

	set textContent(value) {
		this.childNodes.forEach((node) => {
			node.parentNode = null;
		});
		this.childNodes = value === '' ? [] : [new Text(String(value))];
	}

	setAttribute(name, value) {
		this.attrs.set(name, String(value));
		if (name === 'disabled') {
			this.disabled = true;
		}
		if (name === 'value') {
			this.value = String(value);
		}
	}

	getAttribute(name) {
		return this.attrs.has(name) ? this.attrs.get(name) : null;
	}

	hasAttribute(name) {
		return this.attrs.has(name);
	}

	removeAttribute(name) {
		this.attrs.delete(name);
	}

	appendChild(node) {
		if (node.parentNode) {
			node.parentNode.removeChild(node);
		}
		node.parentNode = this;
		this.childNodes.push(node);
		return node;
	}

	insertBefore(node, reference) {
		if (!reference) {
			return this.appendChild(node);
		}
		if (node.parentNode) {
			node.parentNode.removeChild(node);
		}
		node.parentNode = this;
		this.childNodes.splice(this.childNodes.indexOf(reference), 0, node);
		return node;
	}

	removeChild(node) {
		this.childNodes = this.childNodes.filter((child) => child !== node);
		node.parentNode = null;
		if (this.ownerDocument.activeElement === node || (node.nodeType === 1 && node.contains(this.ownerDocument.activeElement))) {
			this.ownerDocument.activeElement = this.ownerDocument.body;
		}
		return node;
	}

	contains(node) {
		for (let current = node; current; current = current.parentNode) {
			if (current === this) {
				return true;
			}
		}
		return false;
	}

	descendants() {
		const all = [];
		const walk = (element) => element.children.forEach((child) => {
			all.push(child);
			walk(child);
		});
		walk(this);
		return all;
	}

	querySelectorAll(selector) {
		const test = compile(selector);
		return this.descendants().filter(test);
	}

	querySelector(selector) {
		return this.querySelectorAll(selector)[0] || null;
	}

	closest(selector) {
		const test = compile(selector);
		for (let current = this; current && current.nodeType === 1; current = current.parentNode) {
			if (test(current)) {
				return current;
			}
		}
		return null;
	}

	addEventListener(type, listener) {
		(this.listeners[type] = this.listeners[type] || []).push(listener);
	}

	dispatchEvent(event) {
		event.target = event.target || this;
		for (let current = this; current; current = current.parentNode) {
			(current.listeners && current.listeners[event.type] || []).forEach((listener) => listener.call(current, event));
			if (!event.bubbles) {
				break;
			}
		}
		return !event.defaultPrevented;
	}

	focus() {
		this.ownerDocument.activeElement = this;
	}

	select() {
		this.selected = true;
	}

	/** What a user's click does: nothing when disabled, submits the form for a submit button. */
	click() {
		if (this.disabled) {
			return;
		}
		this.dispatchEvent(new Event('click', { bubbles: true, cancelable: true }));
		if (this.tagName === 'BUTTON' && (this.getAttribute('type') || 'submit') === 'submit') {
			const form = this.closest('form');
			if (form) {
				form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
			}
		}
	}
}

class Event {
	constructor(type, init) {
		this.type = type;
		this.bubbles = !!(init && init.bubbles);
		this.cancelable = !!(init && init.cancelable);
		this.defaultPrevented = false;
		this.detail = init ? init.detail : undefined;
	}

	preventDefault() {
		if (this.cancelable) {
			this.defaultPrevented = true;
		}
	}
}

class CustomEvent extends Event {
}

/** Compiles `tag`, `[attr]`, `[attr="value"]` and their combinations (no descendant combinators). */
function compile(selector) {
	const match = /^([a-zA-Z0-9-]*)((?:\[[^\]]+\])*)$/.exec(selector.trim());
	if (!match) {
		throw new Error('unsupported selector: ' + selector);
	}
	const tag = match[1].toUpperCase();
	const conditions = [];
	const attr = /\[([^=\]]+)(?:="([^"]*)")?\]/g;
	let part;
	while ((part = attr.exec(match[2])) !== null) {
		conditions.push({ name: part[1], value: part[2] });
	}
	return (element) => (!tag || element.tagName === tag)
		&& conditions.every((c) => element.hasAttribute(c.name) && (c.value === undefined || element.getAttribute(c.name) === c.value));
}

class Document extends Element {
	constructor() {
		super(null, '#document');
		this.ownerDocument = this;
		this.readyState = 'complete';
		this.visibilityState = 'visible';
		this.activeElement = null;
		this.defaultView = null;
	}

	createElement(tag) {
		return new Element(this, tag);
	}

	getElementById(id) {
		return this.descendants().find((element) => element.id === id) || null;
	}

	get documentElement() {
		return this.querySelector('html');
	}

	get body() {
		return this.querySelector('body');
	}

	get head() {
		return this.querySelector('head');
	}
}

function unescape(text) {
	return text.replace(/&quot;/g, '"').replace(/&#39;/g, '\'').replace(/&lt;/g, '<').replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}

/** Parses well-formed HTML (the default page) into a Document. */
function parse(html) {
	const doc = new Document();
	const stack = [doc];
	const token = /<!--[\s\S]*?-->|<!DOCTYPE[^>]*>|<\/([a-zA-Z0-9-]+)\s*>|<([a-zA-Z0-9-]+)((?:\s+[^\s=>/]+(?:="[^"]*")?)*)\s*\/?>|([^<]+)/gi;
	let match;
	while ((match = token.exec(html)) !== null) {
		const top = stack[stack.length - 1];
		if (match[1]) {
			const tag = match[1].toUpperCase();
			while (stack.length > 1 && stack[stack.length - 1].tagName !== tag) {
				stack.pop();
			}
			if (stack.length > 1) {
				stack.pop();
			}
		}
		else if (match[2]) {
			const element = doc.createElement(match[2].toLowerCase());
			const attribute = /([^\s=]+)(?:="([^"]*)")?/g;
			let a;
			while ((a = attribute.exec(match[3] || '')) !== null) {
				element.setAttribute(a[1], a[2] === undefined ? '' : unescape(a[2]));
			}
			top.appendChild(element);
			if (!VOID.has(match[2].toLowerCase())) {
				stack.push(element);
			}
		}
		else if (match[4] && match[4].trim()) {
			top.appendChild(new Text(unescape(match[4])));
		}
	}
	doc.activeElement = doc.body;
	return doc;
}

module.exports = { parse, Document, Element, Event, CustomEvent };
