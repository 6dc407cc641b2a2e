"""Billing screens: invoices (manage and member), online payment, SEPA, accounting exports."""
