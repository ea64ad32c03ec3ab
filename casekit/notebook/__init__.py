"""The learner's notebook layer: quizzes shown as widgets, ``check``, the progress table, the hand-in case file."""
