import sys

from forecast_dask.driver import main

sys.exit(main(sys.argv[1:]))
