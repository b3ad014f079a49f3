"""Pages' forms of work reports, rounds, schemes, brands, selections, projects and trainings. They
shape input; the services decide and write."""
