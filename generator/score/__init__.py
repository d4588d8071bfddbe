"""Stage 3, score: rubric totals, grades and each school's score card."""
