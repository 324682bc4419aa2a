from pkg.loop import nothing  # noqa
