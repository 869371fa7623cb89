/*
 * The Model health page: polls data.json every 2 s and draws it with uPlot. Every text from the
 * server goes into the page as text (textContent), never as HTML. Each chart container gets
 * data-points (the points it draws) and each table data-rows, for people and tests alike.
 */
(function () {
    'use strict';
    var root = document.getElementById('modelhealth');
    if (!root || typeof uPlot === 'undefined') {
        return;
    }
    var POLL_MILLIS = 2000;
    var LEAD_SECONDS = 30;
    var P_FLOOR = 1e-16;
    var COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#e377c2'];
    var base = root.getAttribute('data-base');
    var model = root.getAttribute('data-model');
    var select = document.getElementById('modelhealth-model');
    var status = document.getElementById('modelhealth-status');
    var charts = {};
    var updates = 0;

    function width() {
        return Math.max(400, Math.min(1100, root.clientWidth - 20));
    }

    /* A chart is made again when its series change (a new version), else only given new data. */
    function draw(id, key, makeOptions, data, points) {
        var box = document.getElementById('modelhealth-chart-' + id);
        var chart = charts[id];
        if (!chart || chart.key !== key) {
            if (chart) {
                chart.plot.destroy();
            }
            chart = { key: key, plot: new uPlot(makeOptions(), data, box) };
            charts[id] = chart;
        } else {
            chart.plot.setData(data);
        }
        box.setAttribute('data-points', String(points));
    }

    function nonNull(values) {
        var n = 0;
        for (var i = 0; i < values.length; i++) {
            if (values[i] !== null) {
                n++;
            }
        }
        return n;
    }

    function seconds(start, n) {
        var x = new Array(n);
        for (var i = 0; i < n; i++) {
            x[i] = start + i;
        }
        return x;
    }

    function options(title, yLabel, series, extra) {
        var o = {
            width: width(), height: 220,
            scales: { x: { time: true } },
            axes: [{}, { label: yLabel }],
            series: [{}].concat(series)
        };
        if (extra) {
            extra(o);
        }
        return o;
    }

    function line(label, colour, dash) {
        return { label: label, stroke: colour, width: 2, dash: dash, spanGaps: false, points: { show: true, size: 4 } };
    }

    /* From a little before the first second with requests: ten minutes of mostly empty axis hide the data. */
    function firstActive(versions) {
        var first = Infinity;
        versions.forEach(function (v) {
            var i = v.rate.findIndex(function (c) { return c > 0; });
            if (i >= 0 && i < first) {
                first = i;
            }
        });
        return first === Infinity ? 0 : Math.max(0, first - LEAD_SECONDS);
    }

    function steps(label, colour) {
        return { label: label, stroke: colour, width: 2, paths: uPlot.paths.stepped({ align: 1 }), points: { show: false } };
    }

    function drawTraffic(traffic) {
        var from = firstActive(traffic.versions);
        var versions = traffic.versions.map(function (v) {
            return { version: v.version, secondsWithRequests: v.secondsWithRequests, p50: v.p50.slice(from), p95: v.p95.slice(from),
                     rate: v.rate.slice(from), failures: v.failures.slice(from) };
        });
        var n = versions.length ? versions[0].rate.length : 0;
        var x = seconds(traffic.start + from, n);
        var key = versions.map(function (v) { return v.version; }).join('\u0000');
        var latency = [x], latencySeries = [], rate = [x], rateSeries = [];
        var failures = new Array(n).fill(0), latencyPoints = 0, ratePoints = 0;
        versions.forEach(function (v, i) {
            var colour = COLOURS[i % COLOURS.length];
            latency.push(v.p50, v.p95);
            latencySeries.push(line(v.version + ' p50', colour, [4, 4]), line(v.version + ' p95', colour));
            latencyPoints += nonNull(v.p95);
            rate.push(v.rate);
            rateSeries.push(steps(v.version + ' req/s', colour));
            ratePoints += v.secondsWithRequests;
            for (var s = 0; s < n; s++) {
                failures[s] += v.failures[s];
            }
        });
        rate.push(failures);
        rateSeries.push(steps('failed/s', '#d62728'));
        draw('latency', key, function () { return options('Latency', 'ms', latencySeries); }, latency, latencyPoints);
        draw('rate', key, function () { return options('Requests per second', 'req/s', rateSeries); }, rate, ratePoints);
    }

    function drawHealth(health) {
        var missing = document.getElementById('modelhealth-health-missing');
        var section = document.getElementById('modelhealth-health');
        missing.hidden = health.available;
        section.hidden = !health.available;
        if (!health.available) {
            missing.textContent = health.message;
            return;
        }
        var h = health.history;
        draw('accuracy', 'accuracy', function () {
            return options('Accuracy and drifted share', 'share', [line('accuracy', '#2ca02c'), line('drifted features', '#d62728')],
                function (o) { o.scales.y = { range: [0, 1] }; });
        }, [h.t, h.accuracy, h.driftShare], Math.max(nonNull(h.accuracy), nonNull(h.driftShare)));

        var features = health.features;
        var names = features.map(function (f) { return f.feature + ' (' + f.statistic + ')'; });
        var index = features.map(function (f, i) { return i; });
        // The p-values of drifted features are often 1e-30 and below: drawn as -log10(p) (floored at 1e-16) they
        // stand out, higher meaning more drift, as distances do.
        var pValues = features.length > 0 && features.every(function (f) { return /p-value$/.test(f.statistic); });
        function shown(v) {
            return pValues && v !== null ? -Math.log10(Math.max(v, P_FLOOR)) : v;
        }
        draw('drift', names.join('\u0000') + pValues, function () {
            return options('Drift per feature', pValues ? '-log10 p-value' : 'statistic', [
                { label: 'statistic', stroke: '#1f77b4', fill: 'rgba(31,119,180,0.4)', paths: uPlot.paths.bars({ size: [0.6, 60] }),
                  points: { show: false } },
                { label: 'drifted', stroke: '#d62728', fill: 'rgba(214,39,40,0.5)', paths: uPlot.paths.bars({ size: [0.6, 60] }),
                  points: { show: false } },
                { label: 'threshold', stroke: '#d62728', width: 2, dash: [6, 4], points: { show: true, size: 6 } }
            ], function (o) {
                o.scales.x = { time: false, range: function () { return [-0.5, Math.max(0.5, features.length - 0.5)]; } };
                o.axes[0] = { values: function (u, splits) { return splits.map(function (s) { return names[s] === undefined ? '' : names[s]; }); },
                              splits: function () { return index; } };
            });
        }, [index, features.map(function (f) { return f.drifted ? null : shown(f.value); }),
            features.map(function (f) { return f.drifted ? shown(f.value) : null; }),
            features.map(function (f) { return shown(f.threshold); })], features.length);
        document.getElementById('modelhealth-drift-unavailable').textContent = health.driftUnavailable || '';
        fillAlerts('modelhealth-alerts', health.alerts);
        fillAlerts('modelhealth-alert-log', health.alertLog);
    }

    function fillAlerts(id, alerts) {
        var table = document.getElementById(id);
        var body = table.tBodies[0];
        while (body.firstChild) {
            body.removeChild(body.firstChild);
        }
        alerts.forEach(function (a) {
            var row = body.insertRow();
            [new Date(a.since * 1000).toISOString(), a.state, a.model, a.version, a.kind, a.subject, a.statistic,
             a.value === null ? '' : a.value.toPrecision(4), a.threshold === null ? '' : a.threshold.toPrecision(4), a.evidence]
                .forEach(function (text) { row.insertCell().textContent = text === null || text === undefined ? '' : String(text); });
        });
        table.setAttribute('data-rows', String(alerts.length));
    }

    function poll() {
        if (!model) {
            return;
        }
        // An absolute address from the origin: a page opened as http://user:pass@host/... would hand its
        // credentials to a relative fetch, which browsers refuse.
        var url = new URL(base + '/data.json?model=' + encodeURIComponent(model), location.origin);
        fetch(url.href, { credentials: 'same-origin', cache: 'no-store' })
            .then(function (response) {
                return response.json().then(function (data) {
                    if (!response.ok) {
                        throw new Error(data.error || ('HTTP ' + response.status));
                    }
                    return data;
                });
            })
            .then(function (data) {
                drawTraffic(data.traffic);
                drawHealth(data.health);
                updates++;
                status.setAttribute('data-updates', String(updates));
                status.textContent = 'updated ' + new Date(data.now * 1000).toISOString().substring(11, 19) + ' UTC';
            })
            .catch(function (error) {
                status.textContent = 'no data: ' + error.message;
            })
            .then(function () {
                setTimeout(poll, POLL_MILLIS);
            });
    }

    if (select) {
        select.addEventListener('change', function () {
            model = select.value;
            Object.keys(charts).forEach(function (id) {
                charts[id].plot.destroy();
                document.getElementById('modelhealth-chart-' + id).setAttribute('data-points', '0');
            });
            charts = {};
            history.replaceState(null, '', '?model=' + encodeURIComponent(model));
        });
    }
    poll();
}());
