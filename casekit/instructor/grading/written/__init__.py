"""Written work: the answers a learner wrote, the review page per lesson, and the instructor's marks read back."""
