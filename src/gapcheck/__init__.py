"""gapcheck: reads anti-trafficking legislation and reports where it falls short
of the international standards (ICAT 2012; UN Trafficking in Persons Protocol)."""

__version__ = "0.1.0"
