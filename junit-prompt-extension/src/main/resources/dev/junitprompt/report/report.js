// report.html: filter, search and sort the item table; open an item's detail from its row. No libraries.
(() => {
  'use strict';
  const table = document.getElementById('item-table');
  if (!table) {
    return;
  }
  const body = table.tBodies[0];
  const rows = Array.from(body.rows);
  const headers = Array.from(table.tHead.rows[0].cells);
  const search = document.getElementById('search');
  const shown = document.getElementById('shown');
  const buttons = Array.from(document.querySelectorAll('button[data-filter]'));
  let status = 'all';
  // A row's text and its detail's, found once: a search also reads inputs, outputs and reasoning.
  const haystacks = new Map();
  const haystack = (row) => {
    if (!haystacks.has(row)) {
      const detail = row.dataset.detail ? document.getElementById(row.dataset.detail) : null;
      haystacks.set(row, (row.textContent + ' ' + (detail ? detail.textContent : '')).toLowerCase());
    }
    return haystacks.get(row);
  };
  const apply = () => {
    const query = search.value.trim().toLowerCase();
    let count = 0;
    for (const row of rows) {
      const visible = (status === 'all' || row.dataset.status === status) && (!query || haystack(row).includes(query));
      row.hidden = !visible;
      count += visible ? 1 : 0;
    }
    shown.textContent = count + ' of ' + rows.length + ' shown';
  };
  buttons.forEach((button) => button.addEventListener('click', () => {
    status = button.dataset.filter;
    buttons.forEach((other) => other.setAttribute('aria-pressed', String(other === button)));
    apply();
  }));
  search.addEventListener('input', apply);
  headers.forEach((header, column) => header.addEventListener('click', () => {
    const ascending = header.getAttribute('aria-sort') !== 'ascending';
    headers.forEach((other) => other.removeAttribute('aria-sort'));
    header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    const numeric = header.dataset.type === 'number';
    const key = (row) => {
      const cell = row.cells[column];
      const value = cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent;
      return numeric ? (value === '' ? NaN : Number(value)) : value.toLowerCase();
    };
    const order = (a, b) => {
      const x = key(a);
      const y = key(b);
      if (!numeric) {
        return ascending ? x.localeCompare(y) : y.localeCompare(x);
      }
      // Rows without a value (no such score) go last either way.
      if (Number.isNaN(x) || Number.isNaN(y)) {
        return Number.isNaN(x) - Number.isNaN(y);
      }
      return ascending ? x - y : y - x;
    };
    rows.slice().sort(order).forEach((row) => body.appendChild(row));
  }));
  body.addEventListener('click', (event) => {
    const row = event.target.closest('tr');
    if (row && row.dataset.detail && !event.target.closest('a')) {
      location.hash = row.dataset.detail;
    }
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && location.hash.startsWith('#item-')) {
      location.hash = 'items';
    }
  });
  apply();
})();
