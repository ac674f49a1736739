from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from madafe.home import scale_data


class Command(BaseCommand):
    help = (
        "Fill the database with a large made-up data set for benchmarks: S (tests), M or L "
        "(200 associations, 50,000 trainees, 150,000 enrolments, ~3 million step "
        "completions). Deterministic for a given --seed. Never under production settings."
    )

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=sorted(scale_data.SIZES), default="S")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--password",
            default=None,
            help="One passphrase for every generated trainee (hashed once). Default: "
            "unusable passwords (nobody can sign in as them).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Delete a previous scale data set first (slow on L: recreate the database).",
        )

    def handle(self, *args, size, seed, password, replace, **options):
        if (settings.SETTINGS_MODULE or "").endswith(".production") or not getattr(
            settings, "MADAFE_DEMO_ACCOUNTS", False
        ):
            raise CommandError("generate_scale_data never runs under production settings.")
        if scale_data.existing():
            if not replace:
                raise CommandError(
                    "This database already holds a scale data set: use --replace, or a new "
                    "database."
                )
            scale_data.remove()
        log = (lambda line: self.stdout.write(line)) if options["verbosity"] else (lambda _l: 0)
        result = scale_data.generate(scale_data.SIZES[size], seed=seed, password=password, log=log)
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"size {size}, seed {seed}: {result}"))
