// The script inside the HTML report: draws the space-time diagram (one vertical lane per
// node, time going down, a line per message, crosses where messages were lost, shaded
// fault periods) with zoom and pan, and the metric charts with fault periods shaded.
// Rule: plain browser JavaScript with no library and no network: it reads the JSON the
// exporter embedded in <script id="faultline-data"> and builds SVG. It is kept free of
// backticks and `${`, so it can live in this template string.
export const VIEWER_SCRIPT = String.raw`
(function () {
  'use strict';
  var SVG_NS = 'http://www.w3.org/2000/svg';
  var data = JSON.parse(document.getElementById('faultline-data').textContent);
  var ARROW_CAP = 5000;
  var LANE_TOP = 40;
  var TIME_GUTTER = 80;
  var view = { t0: data.startUs, t1: Math.max(data.endUs, data.startUs + 1) };
  var highlight = { trace: -1, timeUs: -1, eventIndex: -1 };
  var svg = document.getElementById('diagram');
  var info = document.getElementById('diagram-info');
  var pending = false;

  function el(name, attributes, parent) {
    var node = document.createElementNS(SVG_NS, name);
    for (var key in attributes) node.setAttribute(key, attributes[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function formatTime(us) {
    if (Math.abs(us) < 1000) return us + 'us';
    if (Math.abs(us) < 1000000) return (Math.round(us / 10) / 100) + 'ms';
    return (Math.round(us / 1000) / 1000) + 's';
  }

  function size() {
    var width = Math.max(svg.clientWidth || 0, 320);
    var height = Math.max(svg.clientHeight || 0, 240);
    return { width: width, height: height };
  }

  function laneX(index, width) {
    var count = data.nodes.length;
    var usable = width - TIME_GUTTER - 40;
    return TIME_GUTTER + 20 + (count <= 1 ? usable / 2 : (usable * index) / (count - 1));
  }

  function timeY(us, height) {
    return LANE_TOP + ((us - view.t0) / (view.t1 - view.t0)) * (height - LANE_TOP - 10);
  }

  function timeAt(y, height) {
    return view.t0 + ((y - LANE_TOP) / (height - LANE_TOP - 10)) * (view.t1 - view.t0);
  }

  function laneIndexOf(node) {
    return data.laneOf[String(node)];
  }

  function schedule() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      render();
    });
  }

  function render() {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    var box = size();
    var defs = el('defs', {}, svg);
    var marker = el('marker', { id: 'arrowhead', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '6', markerHeight: '6', orient: 'auto-start-reverse' }, defs);
    el('path', { d: 'M 0 0 L 10 5 L 0 10 z', 'class': 'arrowhead' }, marker);
    drawPeriods(box);
    drawTicks(box);
    drawLanes(box);
    var drawn = drawArrows(box);
    drawPatternMarks(box);
    drawHighlightLine(box);
    var visible = document.getElementById('diagram-range');
    visible.textContent = formatTime(Math.round(view.t0)) + ' to ' + formatTime(Math.round(view.t1)) + ', ' + drawn.shown + ' of ' + data.arrows.length + ' messages shown' + (drawn.capped ? ' (zoom in to see all)' : '');
    svg.setAttribute('data-arrows-shown', String(drawn.shown));
  }

  function drawLanes(box) {
    var lanes = el('g', { 'class': 'lanes' }, svg);
    data.nodes.forEach(function (node, index) {
      var x = laneX(index, box.width);
      var lane = el('line', { 'class': 'lane', x1: x, x2: x, y1: LANE_TOP, y2: box.height - 10, 'data-node': node.id }, lanes);
      lane.appendChild(document.createTextNode(''));
      var label = el('text', { 'class': 'lane-label', x: x, y: 16, 'text-anchor': 'middle' }, lanes);
      label.textContent = node.id < 0 ? 'client' : 'node ' + node.id;
      var service = el('text', { 'class': 'lane-service', x: x, y: 30, 'text-anchor': 'middle' }, lanes);
      service.textContent = node.service;
    });
  }

  function drawTicks(box) {
    var ticks = el('g', { 'class': 'ticks' }, svg);
    var span = view.t1 - view.t0;
    var step = Math.pow(10, Math.floor(Math.log(span / 6) / Math.LN10));
    if (span / step > 12) step *= 2;
    if (span / step > 12) step *= 2.5;
    var first = Math.ceil(view.t0 / step) * step;
    for (var t = first; t <= view.t1; t += step) {
      var y = timeY(t, box.height);
      el('line', { 'class': 'tick', x1: TIME_GUTTER - 6, x2: box.width - 10, y1: y, y2: y }, ticks);
      var label = el('text', { 'class': 'tick-label', x: TIME_GUTTER - 10, y: y + 4, 'text-anchor': 'end' }, ticks);
      label.textContent = formatTime(Math.round(t));
    }
  }

  function drawPeriods(box) {
    var group = el('g', { 'class': 'periods' }, svg);
    data.faultPeriods.forEach(function (period) {
      if (period.endUs < view.t0 || period.startUs > view.t1) return;
      var y1 = Math.max(LANE_TOP, timeY(period.startUs, box.height));
      var y2 = Math.min(box.height - 10, timeY(period.endUs, box.height));
      var x = TIME_GUTTER;
      var width = box.width - TIME_GUTTER - 10;
      if (period.node !== null && laneIndexOf(period.node) !== undefined) {
        x = laneX(laneIndexOf(period.node), box.width) - 7;
        width = 14;
      }
      var rect = el('rect', { 'class': 'period period-' + period.kind, x: x, y: y1, width: width, height: Math.max(1, y2 - y1) }, group);
      var title = el('title', {}, rect);
      title.textContent = period.kind + ': ' + period.description + ' (' + formatTime(period.startUs) + ' to ' + formatTime(period.endUs) + ')';
    });
  }

  function drawPatternMarks(box) {
    var group = el('g', { 'class': 'pattern-marks' }, svg);
    data.patternMarks.forEach(function (mark) {
      var lane = laneIndexOf(mark.node);
      if (lane === undefined || mark.timeUs < view.t0 || mark.timeUs > view.t1) return;
      var x = laneX(lane, box.width);
      var y = timeY(mark.timeUs, box.height);
      var line = el('line', { 'class': 'pattern-mark pattern-' + mark.kind, x1: x - 12, x2: x + 12, y1: y, y2: y }, group);
      var title = el('title', {}, line);
      title.textContent = mark.kind + ' (' + mark.policy + ') at ' + formatTime(mark.timeUs);
    });
  }

  function drawArrows(box) {
    var group = el('g', { 'class': 'messages' }, svg);
    var visible = [];
    for (var index = 0; index < data.arrows.length; index++) {
      var arrow = data.arrows[index];
      if (arrow[3] < view.t0 || arrow[2] > view.t1) continue;
      visible.push(index);
    }
    // Too many to draw: an even sample across the view, so the whole range stays visible.
    var stride = Math.max(1, Math.ceil(visible.length / ARROW_CAP));
    var shown = 0;
    for (var position = 0; position < visible.length; position += stride) {
      drawArrow(group, data.arrows[visible[position]], visible[position], box);
      shown++;
    }
    return { shown: shown, capped: stride > 1 };
  }

  var STATES = ['delivered', 'lost-partition', 'lost-loss', 'lost-node-down', 'in-flight'];

  function drawArrow(group, arrow, index, box) {
    var fromLane = laneIndexOf(arrow[0]);
    var toLane = laneIndexOf(arrow[1]);
    if (fromLane === undefined || toLane === undefined) return;
    var state = STATES[arrow[4]];
    var x1 = laneX(fromLane, box.width);
    var y1 = timeY(arrow[2], box.height);
    var x2 = laneX(toLane, box.width);
    var y2 = timeY(arrow[3], box.height);
    var isLost = state.indexOf('lost') === 0;
    if (isLost && arrow[3] === arrow[2]) {
      x2 = x1 + (x2 - x1) * 0.3;
      y2 = y1 + 6;
    }
    var classes = 'message ' + state + (arrow[7] >= 0 && arrow[7] === highlight.trace ? ' highlight' : '') + (arrow[8] === highlight.eventIndex ? ' highlight' : '');
    var line = el('line', { 'class': classes, x1: x1, y1: y1, x2: x2, y2: y2, 'data-index': index }, group);
    if (!isLost) line.setAttribute('marker-end', 'url(#arrowhead)');
    var title = el('title', {}, line);
    title.textContent = describe(arrow);
    if (isLost) {
      var cross = el('text', { 'class': 'drop-mark', x: x2, y: y2 + 4, 'text-anchor': 'middle' }, group);
      cross.textContent = '\u00d7';
    }
  }

  function describe(arrow) {
    var label = data.labels[arrow[6]];
    var from = arrow[0] < 0 ? 'client' : 'node ' + arrow[0];
    var to = arrow[1] < 0 ? 'client' : 'node ' + arrow[1];
    var state = STATES[arrow[4]];
    var text = 'message ' + arrow[5] + ': ' + label + ', ' + from + ' to ' + to + ', sent ' + formatTime(arrow[2]);
    if (state === 'delivered') text += ', delivered ' + formatTime(arrow[3]);
    else if (state === 'in-flight') text += ', still in flight at the end';
    else text += ', lost (' + state.slice(5) + ') at ' + formatTime(arrow[3]);
    if (arrow[7] >= 0) text += ', trace ' + data.traces[arrow[7]];
    return text;
  }

  function drawHighlightLine(box) {
    if (highlight.timeUs < view.t0 || highlight.timeUs > view.t1) return;
    var y = timeY(highlight.timeUs, box.height);
    el('line', { 'class': 'highlight-time', x1: TIME_GUTTER, x2: box.width - 10, y1: y, y2: y }, svg);
  }

  function zoomAround(timeUs, factor) {
    var span = Math.max(10, (view.t1 - view.t0) * factor);
    var fraction = (timeUs - view.t0) / (view.t1 - view.t0);
    view.t0 = timeUs - fraction * span;
    view.t1 = view.t0 + span;
    schedule();
  }

  function focus(timeUs, halfSpanUs) {
    view.t0 = timeUs - halfSpanUs;
    view.t1 = timeUs + halfSpanUs;
    highlight.timeUs = timeUs;
    schedule();
    document.getElementById('diagram-section').scrollIntoView();
  }

  svg.addEventListener('wheel', function (event) {
    event.preventDefault();
    var rect = svg.getBoundingClientRect();
    zoomAround(timeAt(event.clientY - rect.top, size().height), event.deltaY < 0 ? 0.8 : 1.25);
  }, { passive: false });

  var drag = null;
  svg.addEventListener('mousedown', function (event) {
    drag = { y: event.clientY, t0: view.t0, t1: view.t1 };
  });
  window.addEventListener('mousemove', function (event) {
    if (drag === null) return;
    var perPixel = (drag.t1 - drag.t0) / (size().height - LANE_TOP - 10);
    var shift = (drag.y - event.clientY) * perPixel;
    view.t0 = drag.t0 + shift;
    view.t1 = drag.t1 + shift;
    schedule();
  });
  window.addEventListener('mouseup', function () {
    drag = null;
  });
  svg.addEventListener('click', function (event) {
    var target = event.target;
    if (!target || !target.getAttribute || target.getAttribute('data-index') === null) return;
    var arrow = data.arrows[Number(target.getAttribute('data-index'))];
    info.textContent = describe(arrow);
    highlight.trace = arrow[7];
    schedule();
  });

  document.getElementById('zoom-in').addEventListener('click', function () {
    zoomAround((view.t0 + view.t1) / 2, 0.5);
  });
  document.getElementById('zoom-out').addEventListener('click', function () {
    zoomAround((view.t0 + view.t1) / 2, 2);
  });
  document.getElementById('zoom-reset').addEventListener('click', function () {
    view.t0 = data.startUs;
    view.t1 = Math.max(data.endUs, data.startUs + 1);
    highlight = { trace: -1, timeUs: -1, eventIndex: -1 };
    info.textContent = '';
    schedule();
  });

  document.addEventListener('click', function (event) {
    var target = event.target;
    while (target && target !== document && !(target.getAttribute && target.getAttribute('data-time-us') !== null)) target = target.parentNode;
    if (!target || target === document) return;
    event.preventDefault();
    var timeUs = Number(target.getAttribute('data-time-us'));
    var eventIndex = target.getAttribute('data-event');
    var trace = target.getAttribute('data-trace');
    highlight.eventIndex = eventIndex === null ? -1 : Number(eventIndex);
    highlight.trace = trace === null ? -1 : data.traces.indexOf(trace);
    var spanUs = Number(target.getAttribute('data-span-us') || Math.max(1000, (data.endUs - data.startUs) / 40));
    focus(timeUs, spanUs);
  });

  function drawCharts() {
    var container = document.getElementById('charts');
    data.charts.forEach(function (chart, index) {
      var figure = document.createElement('figure');
      figure.className = 'chart';
      var caption = document.createElement('figcaption');
      caption.textContent = chart.title;
      figure.appendChild(caption);
      var width = 560;
      var height = 170;
      var plot = el('svg', { 'class': 'chart-plot', width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, 'data-chart': index }, null);
      figure.appendChild(plot);
      drawChart(plot, chart, width, height);
      var legend = document.createElement('div');
      legend.className = 'legend';
      chart.lines.forEach(function (line, lineIndex) {
        var item = document.createElement('span');
        item.className = 'legend-item color-' + (lineIndex % 8);
        item.textContent = line.name;
        legend.appendChild(item);
      });
      figure.appendChild(legend);
      container.appendChild(figure);
    });
  }

  function drawChart(plot, chart, width, height) {
    var left = 64;
    var right = 8;
    var top = 8;
    var bottom = 20;
    var times = data.timesUs;
    var t0 = data.startUs;
    var t1 = Math.max(data.endUs, t0 + 1);
    var max = 0;
    chart.lines.forEach(function (line) {
      line.values.forEach(function (value) {
        if (value !== null && value > max) max = value;
      });
    });
    if (max <= 0) max = 1;
    function x(t) { return left + ((t - t0) / (t1 - t0)) * (width - left - right); }
    function y(v) { return top + (1 - v / max) * (height - top - bottom); }
    data.faultPeriods.forEach(function (period) {
      el('rect', { 'class': 'period period-' + period.kind, x: x(period.startUs), y: top, width: Math.max(1, x(period.endUs) - x(period.startUs)), height: height - top - bottom }, plot);
    });
    data.patternMarks.forEach(function (mark) {
      var line = el('line', { 'class': 'pattern-mark pattern-' + mark.kind, 'data-pattern': mark.kind, x1: x(mark.timeUs), x2: x(mark.timeUs), y1: top, y2: height - bottom }, plot);
      var title = el('title', {}, line);
      title.textContent = mark.kind + ' (' + mark.policy + ', node ' + mark.node + ') at ' + formatTime(mark.timeUs);
    });
    el('line', { 'class': 'axis', x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }, plot);
    el('line', { 'class': 'axis', x1: left, x2: left, y1: top, y2: height - bottom }, plot);
    var maxLabel = el('text', { 'class': 'tick-label', x: left + 4, y: top + 8, 'text-anchor': 'start' }, plot);
    maxLabel.textContent = (Math.round(max * 100) / 100) + (chart.unit ? ' ' + chart.unit : '');
    var zero = el('text', { 'class': 'tick-label', x: left - 4, y: height - bottom, 'text-anchor': 'end' }, plot);
    zero.textContent = '0';
    var endLabel = el('text', { 'class': 'tick-label', x: width - right, y: height - 4, 'text-anchor': 'end' }, plot);
    endLabel.textContent = formatTime(t1);
    chart.lines.forEach(function (line, lineIndex) {
      var points = [];
      var segments = [];
      line.values.forEach(function (value, index) {
        if (value === null) {
          if (points.length) segments.push(points);
          points = [];
          return;
        }
        points.push(x(times[index]).toFixed(1) + ',' + y(value).toFixed(1));
      });
      if (points.length) segments.push(points);
      segments.forEach(function (segment) {
        el('polyline', { 'class': 'series color-' + (lineIndex % 8), points: segment.join(' ') }, plot);
      });
    });
    plot.addEventListener('click', function (event) {
      var rect = plot.getBoundingClientRect();
      var t = t0 + ((event.clientX - rect.left) * (width / rect.width) - left) / (width - left - right) * (t1 - t0);
      focus(Math.max(t0, Math.min(t1, t)), (t1 - t0) / 40);
    });
  }

  window.addEventListener('resize', schedule);
  drawCharts();
  render();
  document.body.setAttribute('data-ready', 'true');
})();
`;
