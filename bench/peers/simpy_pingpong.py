"""The ping-pong workload of bench/pingpong-workload.ts in SimPy 3, for `npm run bench:peers`.

100 nodes in pairs (0,1), (2,3), ...; the even node of each pair serves a ball that the
two bounce back and forth over a network with latency 100 + uniform(0..900) us and 1%
loss; every node ticks every 2 ms, and a server whose pair has been silent for 5 ms
resends the ball. Events counted are the ones Faultline counts: node starts, deliveries
and ticks. Rule: the numbers here are the ones in pingpong-workload.ts; the random draws
come from Python's generator, so the run is the same workload, not the same trace.

Two styles:
- callback: every event is a Timeout with one callback (SimPy's fastest style);
- process: every node is a receiving process with a Store as its inbox plus a ticking
  process, and every message in flight is a process that waits out its latency (the
  style SimPy's documentation teaches).

Prints one JSON object: {"style", "simpy", "python", "untilUs", "events", "seconds": [...]}.
"""
import argparse
import json
import platform
import random
import sys
import time

import simpy

NODES = 100
SEED = 7
TICK_US = 2_000
RESEND_AFTER_US = 5_000
LATENCY_BASE_US = 100
LATENCY_MIN_US = 0
LATENCY_MAX_US = 900
LOSS_PROBABILITY = 0.01


def is_server(node):
    return node % 2 == 0


def partner_of(node):
    return node ^ 1


def run_callback_style(until_us):
    env = simpy.Environment()
    rng = random.Random(SEED)
    last_ball = [0] * NODES
    last_activity = [0] * NODES
    counts = {"events": 0}

    # The handler is the event's only callback and reads its argument from the event's
    # value: no wrapper call per event, SimPy's fastest way to run a callback.
    def after(delay, handler, argument):
        env.timeout(delay, argument).callbacks.append(handler)

    def send(source, target, ball):
        if rng.random() < LOSS_PROBABILITY:
            return
        latency = LATENCY_BASE_US + rng.randint(LATENCY_MIN_US, LATENCY_MAX_US)
        after(latency, deliver, (source, target, ball))

    def deliver(event):
        source, target, ball = event.value
        counts["events"] += 1
        last_ball[target] = ball + 1
        last_activity[target] = env.now
        send(target, source, ball + 1)

    def tick(event):
        node = event.value
        counts["events"] += 1
        after(TICK_US, tick, node)
        if is_server(node) and env.now - last_activity[node] >= RESEND_AFTER_US:
            send(node, partner_of(node), last_ball[node])
            last_activity[node] = env.now

    def start(event):
        node = event.value
        counts["events"] += 1
        after(TICK_US, tick, node)
        if is_server(node):
            send(node, partner_of(node), 0)
            last_activity[node] = env.now

    for node in range(NODES):
        after(0, start, node)
    env.run(until=until_us)
    return counts["events"]


def run_process_style(until_us):
    env = simpy.Environment()
    rng = random.Random(SEED)
    inboxes = [simpy.Store(env) for _ in range(NODES)]
    last_ball = [0] * NODES
    last_activity = [0] * NODES
    counts = {"events": 0}

    def in_flight(source, target, ball, latency):
        yield env.timeout(latency)
        yield inboxes[target].put((source, ball))

    def send(source, target, ball):
        if rng.random() < LOSS_PROBABILITY:
            return
        latency = LATENCY_BASE_US + rng.randint(LATENCY_MIN_US, LATENCY_MAX_US)
        env.process(in_flight(source, target, ball, latency))

    def receiver(node):
        while True:
            source, ball = yield inboxes[node].get()
            counts["events"] += 1
            last_ball[node] = ball + 1
            last_activity[node] = env.now
            send(node, source, ball + 1)

    def ticker(node):
        counts["events"] += 1  # the node's start
        if is_server(node):
            send(node, partner_of(node), 0)
            last_activity[node] = env.now
        while True:
            yield env.timeout(TICK_US)
            counts["events"] += 1
            if is_server(node) and env.now - last_activity[node] >= RESEND_AFTER_US:
                send(node, partner_of(node), last_ball[node])
                last_activity[node] = env.now

    for node in range(NODES):
        env.process(ticker(node))
        env.process(receiver(node))
    env.run(until=until_us)
    return counts["events"]


STYLES = {"callback": run_callback_style, "process": run_process_style}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--style", choices=sorted(STYLES), required=True)
    parser.add_argument("--until-us", type=int, required=True, help="virtual time to run, in microseconds")
    parser.add_argument("--runs", type=int, default=3, help="timed runs after one warm-up run")
    options = parser.parse_args()
    if not 1 <= options.runs <= 100:
        parser.error(f"invalid --runs {options.runs}: expected 1 to 100")
    if not 1 <= options.until_us <= 10**12:
        parser.error(f"invalid --until-us {options.until_us}: expected 1 to 10^12")
    run = STYLES[options.style]
    events = run(options.until_us)  # warm-up, and the event count every run must repeat
    seconds = []
    for _ in range(options.runs):
        started = time.perf_counter()
        repeated = run(options.until_us)
        seconds.append(time.perf_counter() - started)
        if repeated != events:
            sys.exit(f"simpy_pingpong: a timed run processed {repeated} events, the warm-up {events}")
    print(json.dumps({
        "style": options.style,
        "simpy": getattr(simpy, "__version__", "3"),
        "python": platform.python_version(),
        "untilUs": options.until_us,
        "events": events,
        "seconds": seconds,
    }))


if __name__ == "__main__":
    main()
