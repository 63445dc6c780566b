// The layout checks of tests/e2e/steps.py (usable_layout), run in each page visited.
(() => {
  const visible = el => {
    const s = getComputedStyle(el), r = el.getBoundingClientRect();
    return s.visibility !== 'hidden' && s.display !== 'none' && r.width > 1 && r.height > 1;
  };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
    ' "' + (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 30) + '"';
  const inRunningText = el => {
    if (el.tagName !== 'A' || getComputedStyle(el).display !== 'inline') return false;
    let block = el.parentElement;
    while (block && getComputedStyle(block).display === 'inline') block = block.parentElement;
    return block && block.innerText.trim().length > el.innerText.trim().length + 1;
  };
  const targets = [...document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, summary, [role=button], [tabindex]:not([tabindex="-1"])'
  )].filter(visible);
  const boxes = targets.map(el => el.getBoundingClientRect());
  const small = [];
  targets.forEach((el, i) => {
    const r = boxes[i];
    if (r.width >= 24 && r.height >= 24) return;
    if (inRunningText(el)) return;
    const label = el.labels && el.labels[0];
    if (label && visible(label)) {  // a checkbox's label is part of its target
      const l = label.getBoundingClientRect();
      if (l.height >= 24 && l.width >= 24) return;
    }
    const cx = r.left + r.width / 2, cy = r.top + r.height / 2;
    const crowded = boxes.some((o, j) => j !== i && !targets[j].contains(el) && !el.contains(targets[j]) &&
      o.left < cx + 12 && o.right > cx - 12 && o.top < cy + 12 && o.bottom > cy - 12);
    if (crowded) small.push(`${name(el)} ${Math.round(r.width)}x${Math.round(r.height)}`);
  });
  const cut = [...document.body.querySelectorAll('*')].filter(el => {
    const s = getComputedStyle(el);
    if (!['hidden', 'clip'].includes(s.overflowX) && s.textOverflow !== 'ellipsis') return false;
    if (!visible(el) || s.clip !== 'auto' || s.position === 'absolute' && el.clientWidth <= 1) return false;
    if (!el.innerText || !el.innerText.trim()) return false;
    return el.scrollWidth > el.clientWidth + 1;
  }).map(el => `${name(el)} ${el.scrollWidth}>${el.clientWidth}`);
  return {small, cut};
})
