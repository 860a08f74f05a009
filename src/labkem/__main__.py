from labkem.cli import main

main()
