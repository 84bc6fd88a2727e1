#!/usr/bin/env python3
"""Writes a synthetic session log for benchmarks (not test data): N records in the format
backcoach writes, spread over the days before 2026-11-24, with realistic routines, steps,
pain answers and notes. Deterministic for a given N.

usage: gen_log.py N > sessions.jsonl
"""
import datetime, json, random, sys

n = int(sys.argv[1])
random.seed(n)
routines = [
    ("evening", "Evening: warm, stretch, release, breathe", 1225,
     [("heating-pad", "Heating pad", "heat", 600), ("cat-cow", "Cat-cow", "stretching", 80),
      ("childs-pose", "Child's pose", "stretching", 70), ("knee-rolls", "Knee rolls", "stretching", 64),
      ("knee-to-chest", "Knee to chest", "stretching", 135), ("tennis-ball", "Tennis ball on a knot", "self-massage", 95),
      ("deep-breathing", "Slow deep breathing", "mind-body", 100)]),
    ("desk-break", "Desk break: a posture reset", 177,
     [("standing-posture", "Standing posture check", "posture", 45), ("walking-posture", "Walking with good posture", "posture", 60),
      ("sitting-posture", "Sitting posture check", "posture", 30), ("deep-breathing", "Slow deep breathing", "mind-body", 30)]),
    ("core", "Core: strength for a steady back", 635,
     [("cat-cow", "Cat-cow", "stretching", 40), ("bridge", "Glute bridge", "strengthening", 150),
      ("bird-dog", "Bird-dog", "strengthening", 125), ("plank", "Plank (knees down)", "strengthening", 70),
      ("side-plank", "Side plank (knees down)", "strengthening", 110), ("mcgill-curl-up", "McGill curl-up", "strengthening", 72)]),
]
notes = [None, None, None, "tight on the left", "better after the heat", "long day at the desk", "slept badly"]
end = datetime.datetime(2026, 11, 24, 21, 0)
span_minutes = max(n * 180, 60)  # about eight sessions a day at most
out = sys.stdout
for i in range(n):
    start = end - datetime.timedelta(minutes=span_minutes * (n - i) / n)
    name, title, planned, steps = random.choice(routines)
    stopped = random.random() < 0.1
    scale = random.uniform(0.2, 0.9) if stopped else 1.0
    pain = random.randint(2, 8)
    record = {
        "version": 1, "id": f"{i:x}-bench", "routine": name, "title": title,
        "started_at": start.strftime("%Y-%m-%dT%H:%M:%S.000+01:00"),
        "ended_at": (start + datetime.timedelta(seconds=planned * scale)).strftime("%Y-%m-%dT%H:%M:%S.000+01:00"),
        "status": "stopped" if stopped else "completed",
        "planned_seconds": planned, "active_seconds": round(planned * scale, 3),
        "steps": [{"exercise": e, "name": t, "strategy": s, "outcome": "done", "seconds": float(sec)} for e, t, s, sec in steps],
        "pain_before": pain if random.random() < 0.8 else None,
        "pain_after": max(0, pain - random.randint(0, 2)) if random.random() < 0.7 else None,
        "note": random.choice(notes), "manual": False,
    }
    out.write(json.dumps(record, separators=(",", ":")) + "\n")
