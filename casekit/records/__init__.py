"""The data layer's other half: what a learner has done, saved on their own machine."""
