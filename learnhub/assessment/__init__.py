"""Assessment: GIFT question banks, quizzes, attempts that never lose an answer, grading, stats."""
