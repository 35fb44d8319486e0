"""Exercise profiles (REF 2014, REF 2021, ...) as TOML data files; see :mod:`refenrich.ref.profile`."""
