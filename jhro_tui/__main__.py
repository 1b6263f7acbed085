from jhro_tui.cli import main

raise SystemExit(main())
