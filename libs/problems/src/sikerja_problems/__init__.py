"""Errors as ``application/problem+json`` (RFC 9457), the same shape in every service.

``{"type", "title", "status", "detail", "instance", ...extensions}``; validation failures carry
``errors: [{"field": "body.name", "reason": "..."}]`` and refusals carry ``reasons: [{code, message, source}]``.
"""

from sikerja_problems.problems import PROBLEM_CONTENT_TYPE, Problem, install_problem_handlers, problem_response

__all__ = ["PROBLEM_CONTENT_TYPE", "Problem", "install_problem_handlers", "problem_response"]
