"""Domain rules, one module per part of the plans (plan, calendar, capabilities, scores, …).

Every rule has a stable code, registered with generator/check/registry.py; its message is in
generator/core/data/messages.yml under the same code.
"""
